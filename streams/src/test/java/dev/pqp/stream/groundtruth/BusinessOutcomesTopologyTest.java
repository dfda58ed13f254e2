package dev.pqp.stream.groundtruth;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.schema.BusinessOutcome;
import dev.pqp.schema.Performance;
import dev.pqp.topology.DriftFixture;
import dev.pqp.topology.DriftFixtureTest;
import dev.pqp.testing.Exposition;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Business outcomes on the ground-truth events, joined by prediction_id on the whole topology: the figures of each
 * outcome equal those computed here from the raw events sent (counts exact, means to 1e-9), whether an outcome
 * comes after its prediction's label, with it, alone, twice, or before its prediction.
 */
class BusinessOutcomesTopologyTest extends DriftFixtureTest {
  private static final int N = 300;

  /** The first report of each outcome of each prediction: value and time, as the test sent them. */
  private final Map<String, Map<Integer, double[]>> expected = new TreeMap<>();
  private final long[] predictedAt = new long[N];
  private int labels;

  private void outcome(int i, long offsetMs, Map<String, Double> outcomes, String label) {
    send("p" + i, offsetMs, outcomes, label);
    if (label != null) {
      labels++;
    }
    outcomes.forEach((name, v) -> expected.computeIfAbsent(name, k -> new TreeMap<>())
        .putIfAbsent(i, new double[] {v, offsetMs}));
  }

  private void ghost(int g, long offsetMs, Map<String, Double> outcomes) {
    send("ghost-" + g, offsetMs, outcomes, null);
  }

  /** A ground-truth event of prediction {@code id} with {@code outcomes} and, unless null, {@code label}. */
  private void send(String id, long offsetMs, Map<String, Double> outcomes, String label) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("prediction_id", id);
    e.put("timestamp", T0 + offsetMs);
    e.put("outcomes", outcomes);
    if (label != null) {
      e.put("label", label);
    }
    f.groundTruthEvent(id, e, T0 + offsetMs);
  }

  @Test
  void shouldCountEachOutcomeOfEachPredictionOnceAndEqualTheRawFigures() {
    f = new DriftFixture(stateDir, Map.of("ground-truth.enabled", "true", "ground-truth.max-delay", "1m",
        "ground-truth.early-wait", "20s", "performance.min-labels", "1"));
    Random r = new Random(5);
    // outcomes of ids never predicted, in two events each: they wait, merged, and expire one per outcome
    for (int g = 0; g < 5; g++) {
      ghost(g, 100, Map.of("click", 1.0));
      ghost(g, 200, Map.of("dwell", 5.0));
    }
    // outcomes of the last 50 predictions come first: they wait for their predictions
    for (int i = 250; i < N; i++) {
      outcome(i, 3_500 + i, Map.of("click", 1.0, "dwell", Math.round(r.nextDouble() * 1e6) / 1e3), null);
    }
    for (int i = 0; i < N; i++) {
      predictedAt[i] = 10 + i * 10L;
      f.predictScore("p" + i, "v1", predictedAt[i], r.nextDouble());
    }
    for (int i = 0; i < 100; i++) { // labelled first; outcomes find the joined entry
      f.label("p" + i, 4_000 + i, r.nextBoolean() ? "1" : "0");
      labels++;
    }
    for (int i = 0; i < 250; i++) {
      if (r.nextDouble() < 0.6) {
        outcome(i, 5_000 + i * 3L, Map.of("click", 1.0), i >= 100 && i < 150 ? "1" : null);
      }
      if (r.nextDouble() < 0.2) {
        outcome(i, 20_000 + i * 7L, Map.of("conversion", 1.0, "revenue", r.nextGaussian() * 100 + 250), null);
      }
    }
    for (int i = 0; i < N; i += 7) { // second reports: the first counts
      outcome(i, 30_000 + i, Map.of("click", 1.0, "revenue", 1e6), null);
    }
    f.predictScore("later", "v1", 60_000, 0.5); // predictions pass the ghosts' outcomes by the early wait
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(Duration.ofSeconds(31));

    List<KeyValue<String, Performance>> out = f.drainPerformance().stream()
        .filter(kv -> kv.key.endsWith("/" + T0)).toList();
    Performance p = out.get(out.size() - 1).value;
    assertThat(p.getSampledPredictionCount()).isEqualTo(N);
    Map<String, BusinessOutcome> byName = new HashMap<>();
    p.getOutcomes().forEach(o -> byName.put(o.getName(), o));
    assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    Exposition e = f.scrape();
    expected.forEach((name, firsts) -> assertFigures(byName.get(name), firsts, e));
    int early = 2 * (N - 250); // a click and a dwell time each
    assertThat(total(e, "outcome_early_matched")).isEqualTo(early);
    long all = expected.values().stream().mapToLong(Map::size).sum();
    assertThat(total(e, "outcome_matched")).isEqualTo(all - early);
    assertThat(total(e, "outcome_duplicate")).as("a second click of every 7th prediction that had one, and the"
        + " revenue of those that converted").isEqualTo(duplicates());
    assertThat(total(e, "matched")).as("labels, alone or with outcomes").isEqualTo(labels);
    assertThat(total(e, "outcome_early_expired")).as("the ghosts' outcomes, one each").isEqualTo(10);
  }

  private long duplicates() {
    long n = 0;
    for (int i = 0; i < N; i += 7) {
      double[] click = expected.get("click").get(i);
      double[] revenue = expected.getOrDefault("revenue", Map.of()).get(i);
      n += click != null && click[1] < 30_000 ? 1 : 0;
      n += revenue != null && revenue[1] < 30_000 ? 1 : 0;
    }
    return n;
  }

  private static double total(Exposition e, String result) {
    Double v = e.value("pqp_ground_truth_total", "result", result);
    return v == null ? 0 : v;
  }

  private void assertFigures(BusinessOutcome o, Map<Integer, double[]> firsts, Exposition e) {
    double sum = 0;
    double delay = 0;
    for (Map.Entry<Integer, double[]> first : firsts.entrySet()) {
      sum += first.getValue()[0];
      delay += first.getValue()[1] - predictedAt[first.getKey()];
    }
    int n = firsts.size();
    assertThat(o.getCount()).as(o.getName()).isEqualTo(n);
    assertThat(o.getRate()).as(o.getName()).isEqualTo((double) n / N);
    assertThat(o.getValueSum()).as(o.getName()).isCloseTo(sum, within(Math.abs(sum) * 1e-12 + 1e-12));
    assertThat(o.getValueMean()).as(o.getName()).isCloseTo(sum / n, within(Math.abs(sum / n) * 1e-9));
    assertThat(o.getMeanDelaySeconds()).as(o.getName()).isCloseTo(delay / n / 1000.0, within(1e-9));
    String[] labels = {"model_name", "fraud", "model_version", "v1", "horizon", "window", "outcome", o.getName()};
    assertThat(e.value("ml_outcome_rate", labels)).as(o.getName()).isEqualTo((double) n / N);
    assertThat(e.value("ml_outcome_count", labels)).isEqualTo((double) n);
    assertThat(e.value("ml_outcome_value_mean", labels)).isCloseTo(sum / n, within(Math.abs(sum / n) * 1e-9));
    assertThat(e.value("ml_outcome_value_sum", labels)).isCloseTo(sum, within(Math.abs(sum) * 1e-12 + 1e-12));
    assertThat(e.value("ml_outcome_delay_seconds", labels)).isCloseTo(delay / n / 1000.0, within(1e-9));
  }
}
