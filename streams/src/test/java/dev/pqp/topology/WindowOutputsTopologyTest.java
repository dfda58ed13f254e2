package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.PredictionDriftStatistic;
import dev.pqp.schema.RouteStatusCount;
import dev.pqp.testing.Exposition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * The per-window outputs besides feature drift, on the whole topology: every expected number is computed
 * here from the raw events the test sends, never read back from pqp's own profile code.
 */
class WindowOutputsTopologyTest extends DriftFixtureTest {
  private static final String[] ROUTES = {"/score", "/batch", null};
  private static final String[] STATUSES = {"success", "success", "error", null};
  private static final double[] SCORE_LE = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  private static final double[] LATENCY_LE = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 2, 5, 10};

  /** One generated prediction: what the test sent, to compute expectations from. */
  private record Sent(long offsetMs, double score, String label, String route, String status, double latencyMs) {}

  private static List<Sent> traffic(long seed, int n, long windowOffsetMs, double scoreShift) {
    Random r = new Random(seed);
    List<Sent> out = new ArrayList<>();
    double[] exactScores = {0.0, 0.3, 0.5, 1.0}; // on bucket bounds: le is inclusive
    double[] exactLatencies = {5.0, 10.0, 350.0, 10_000.0, 12_000.0};
    for (int i = 0; i < n; i++) {
      double score = i < exactScores.length ? exactScores[i] : Math.min(1.0, Math.pow(r.nextDouble(), 1 / scoreShift));
      double latency = i < exactLatencies.length ? exactLatencies[i] : r.nextDouble() * r.nextDouble() * 3000;
      out.add(new Sent(windowOffsetMs + 10 + r.nextInt(9_000), score, score >= 0.5 ? "fraud" : "ok",
          ROUTES[r.nextInt(ROUTES.length)], STATUSES[r.nextInt(STATUSES.length)], latency));
    }
    return out;
  }

  private void send(String version, List<Sent> events) {
    for (Sent s : events) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("model_version", version);
      e.put("timestamp", T0 + s.offsetMs());
      e.put("features", Map.of("x", 1.0));
      e.put("prediction", Map.of("score", s.score(), "label", s.label()));
      e.put("latency_ms", s.latencyMs());
      if (s.route() != null) {
        e.put("route", s.route());
      }
      if (s.status() != null) {
        e.put("status", s.status());
      }
      f.predictEvent(e);
    }
  }

  private static long count(List<Sent> events, Predicate<Sent> p) {
    return events.stream().filter(p).count();
  }

  private static String label(String v) {
    return v == null ? "unknown" : v;
  }

  @Test
  void shouldExposeScoreHistogramRequestsLatencyMixAndFreshnessComputedFromTheEvents() {
    f = new DriftFixture(stateDir, Map.of());
    List<Sent> events = traffic(7, 150, 0, 1.0);
    send("v1", events);
    long before = System.currentTimeMillis();
    send("v1", List.of(new Sent(12_500, 0.25, "ok", "/score", "success", 20.0))); // passes end + grace
    Exposition m = f.scrape();
    long after = System.currentTimeMillis();
    String[] v1 = {"model_name", "fraud", "model_version", "v1"};

    // ml_prediction_score: cumulative buckets, _count, _sum
    for (double le : SCORE_LE) {
      assertThat(bucket(m, "ml_prediction_score", le, v1)).as("score bucket le=%s", le)
          .isEqualTo((double) count(events, s -> s.score() <= le));
    }
    assertThat(m.value("ml_prediction_score_count", v1)).isEqualTo(150.0);
    assertThat(m.value("ml_prediction_score_sum", v1))
        .isCloseTo(events.stream().mapToDouble(Sent::score).sum(), within(1e-9));

    // ml_inference_requests_total by (route, status), absent ones as "unknown"
    Map<String, Long> requests = new TreeMap<>();
    events.forEach(s -> requests.merge(label(s.route()) + " " + label(s.status()), 1L, Long::sum));
    requests.forEach((rs, n) -> {
      String[] p = rs.split(" ");
      assertThat(m.value("ml_inference_requests_total", "model_version", "v1", "route", p[0], "status", p[1]))
          .as("requests %s", rs).isEqualTo((double) n);
    });
    assertThat(m.sum("ml_inference_requests_total", v1)).isEqualTo(150.0);
    double errors = m.sum("ml_inference_requests_total", "model_version", "v1", "status", "error");
    assertThat(errors).isEqualTo((double) count(events, s -> "error".equals(s.status())));

    // ml_inference_latency_seconds per route: cumulative buckets and sum, exact
    for (String route : new String[] {"/score", "/batch", "unknown"}) {
      List<Sent> onRoute = events.stream().filter(s -> label(s.route()).equals(route)).toList();
      for (double le : LATENCY_LE) {
        assertThat(bucket(m, "ml_inference_latency_seconds", le, "model_version", "v1", "route", route))
            .as("latency %s le=%s", route, le).isEqualTo((double) count(onRoute, s -> s.latencyMs() / 1000 <= le));
      }
      assertThat(m.value("ml_inference_latency_seconds_count", "model_version", "v1", "route", route))
          .isEqualTo((double) onRoute.size());
      assertThat(m.value("ml_inference_latency_seconds_sum", "model_version", "v1", "route", route))
          .isCloseTo(onRoute.stream().mapToDouble(s -> s.latencyMs() / 1000).sum(), within(1e-9));
    }

    // the mix of the window: class ratios and positive rate
    long fraud = count(events, s -> s.label().equals("fraud"));
    assertThat(m.value("ml_prediction_class_ratio", "model_version", "v1", "class", "fraud"))
        .isCloseTo((double) fraud / 150, within(1e-12));
    assertThat(m.value("ml_prediction_class_ratio", "model_version", "v1", "class", "ok"))
        .isCloseTo((double) (150 - fraud) / 150, within(1e-12));
    assertThat(m.value("ml_prediction_positive_rate", v1)).isCloseTo((double) fraud / 150, within(1e-12));

    // event lag: the driver's clock stands at T0, so every lag is -offset; 150 values keep KLL (k=200) exact
    double[] lags = events.stream().mapToDouble(s -> -s.offsetMs() / 1000.0).sorted().toArray();
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      assertThat(m.value("ml_event_lag_seconds", "model_version", "v1", "quantile", Double.toString(q)))
          .as("lag q%s", q).isEqualTo(lags[(int) Math.ceil(q * lags.length) - 1]);
    }

    // freshness: seconds since the newest event, which is the one that closed the window
    double newest = T0 + 12_500;
    assertThat(m.value("ml_data_freshness_seconds", v1))
        .isBetween((before - newest) / 1000, (after - newest) / 1000 + 0.001);
    long first = events.stream().mapToLong(Sent::offsetMs).min().orElseThrow() + T0;
    assertThat(m.value("ml_model_info", "model_version", "v1", "first_seen", java.time.Instant.ofEpochMilli(first).toString()))
        .isEqualTo(1.0);

    // the model-window record says the same
    ModelWindow w = f.drainModelWindow().get(0).value;
    assertThat(w.getEventCount()).isEqualTo(150);
    assertThat(w.getScoreSum()).isCloseTo(events.stream().mapToDouble(Sent::score).sum(), within(1e-9));
    Map<String, Long> recorded = new TreeMap<>();
    for (RouteStatusCount c : w.getRequests()) {
      recorded.put(c.getRoute() + " " + c.getStatus(), c.getCount());
    }
    assertThat(recorded).isEqualTo(requests);
    assertThat(w.getNewestEventTime()).isEqualTo(T0 + events.stream().mapToLong(Sent::offsetMs).max().orElseThrow());
  }

  @Test
  void shouldCompareTheScoreMixWithTheSameWindowADayEarlier() {
    f = new DriftFixture(stateDir, Map.of());
    List<Sent> yesterday = traffic(1, 120, 0, 1.0);
    List<Sent> today = traffic(2, 120, Duration.ofDays(1).toMillis(), 3.0); // scores pushed towards 1
    send("v1", yesterday);
    f.advanceWallClock(Duration.ofDays(1));
    send("v1", today);
    send("v1", List.of(new Sent(Duration.ofDays(1).toMillis() + 12_500, 0.5, "fraud", "/score", "success", 1.0)));

    double expected = psi(histogram(yesterday), histogram(today));
    assertThat(f.scrape().value("ml_prediction_drift_score", "model_version", "v1", "baseline", "24h"))
        .isCloseTo(expected, within(1e-12));
    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).hasSize(2);
    assertThat(windows.get(0).value.getPredictionDrift()).as("nothing a day before the first window").isEmpty();
    PredictionDriftStatistic d = windows.get(1).value.getPredictionDrift().stream()
        .filter(s -> s.getBaseline().equals("24h") && s.getTarget().equals("score") && s.getMethod().equals("psi"))
        .findFirst().orElseThrow();
    assertThat(d.getValue()).isCloseTo(expected, within(1e-12));
    assertThat(expected).as("the shift is visible").isGreaterThan(0.2);
    // two windows of 120: held to the noise of two samples, and this shift is far beyond it
    assertThat(d.getThreshold()).isGreaterThanOrEqualTo(0.2).isLessThan(expected);
    assertThat(d.getPValue()).isLessThan(0.01);
    assertThat(f.scrape().value("ml_prediction_drift_detected", "model_version", "v1", "baseline", "24h")).isEqualTo(1.0);
  }

  @Test
  void shouldCompareAChallengerWithItsChampionWindowByWindow() {
    f = new DriftFixture(stateDir, Map.of("compare.versions", "fraud:v2=v1"));
    List<Sent> champion = traffic(3, 100, 0, 1.0);
    List<Sent> challenger = traffic(4, 100, 0, 0.5); // scores pushed towards 0
    send("v1", champion);
    send("v2", challenger);
    send("v1", List.of(new Sent(12_500, 0.5, "fraud", "/score", "success", 1.0)));

    double score = psi(histogram(champion), histogram(challenger));
    Exposition m = f.scrape();
    assertThat(m.value("ml_prediction_drift_score", "model_version", "v2", "baseline", "version:v1"))
        .isCloseTo(score, within(1e-12));
    assertThat(m.all("ml_prediction_drift_score", "model_version", "v1")).as("v1 is compared with no version").isEmpty();
    assertThat(m.value("ml_prediction_drift_threshold", "model_version", "v2", "baseline", "version:v1"))
        .isGreaterThanOrEqualTo(0.2);
    assertThat(m.value("ml_prediction_drift_p_value", "model_version", "v2", "baseline", "version:v1")).isBetween(0.0, 1.0);
    Map<String, Long> c = new HashMap<>();
    Map<String, Long> ch = new HashMap<>();
    champion.forEach(s -> c.merge(s.label(), 1L, Long::sum));
    challenger.forEach(s -> ch.merge(s.label(), 1L, Long::sum));
    double classes = psi(new long[] {c.getOrDefault("fraud", 0L), c.getOrDefault("ok", 0L)},
        new long[] {ch.getOrDefault("fraud", 0L), ch.getOrDefault("ok", 0L)});
    assertThat(m.value("ml_prediction_drift_statistic", "model_version", "v2", "baseline", "version:v1",
        "target", "class", "method", "psi")).isCloseTo(classes, within(1e-12));
  }

  @Test
  void shouldCloseWindowsAtEndPlusGraceWhenGroundTruthHasMorePartitions() {
    f = new DriftFixture(stateDir, Map.of(), Map.of("ml.predictions", 1, "ml.features", 1, "ml.ground-truth", 4));
    f.predictX("v1", 1_000, 1.0);
    f.predictX("v1", 11_900, 2.0); // before end + grace: nothing closes
    f.advanceWallClock(Duration.ofSeconds(1)); // stage 1 ticks its stream time every second
    assertThat(f.drainModelWindow()).isEmpty();
    f.predictX("v1", 12_000, 3.0); // end + grace; the idle flush is an hour away
    f.advanceWallClock(Duration.ofSeconds(1));
    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).value.getEventCount()).isEqualTo(1);
  }

  private static Double bucket(Exposition m, String histogram, double le, String... labels) {
    return m.all(histogram + "_bucket", labels).stream()
        .filter(s -> !s.labels().get("le").equals("+Inf") && Double.parseDouble(s.labels().get("le")) == le)
        .mapToDouble(Exposition.Sample::value).sum();
  }

  /** Counts in [i / 10, (i + 1) / 10), the last bucket closed: the fixed bins of score drift. */
  private static long[] histogram(List<Sent> events) {
    long[] h = new long[10];
    events.forEach(s -> h[Math.min(9, (int) Math.floor(s.score() * 10))]++);
    return h;
  }

  /** PSI with shares floored at 1e-4, as documented. */
  private static double psi(long[] reference, long[] current) {
    double r = Arrays.stream(reference).sum();
    double c = Arrays.stream(current).sum();
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      double p = Math.max(reference[i] / r, 1e-4);
      double q = Math.max(current[i] / c, 1e-4);
      psi += (q - p) * Math.log(q / p);
    }
    return psi;
  }
}
