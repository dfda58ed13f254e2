package dev.pqp.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.drift.DriftSettings;
import dev.pqp.drift.FeatureDriftResult.Statistic;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stats.BinEdges;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code pqp compare} without Kafka: window selection by time, evaluation, the table and JSON lines, errors. */
class WindowComparisonTest {
  private static final String TOPIC = "ml.quality.profiles";
  private static final int N = 2_000;
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long MINUTE = 60_000;

  /** Raw values of one window: income ~ N(mean, 10), age uniform 20..69, segment a/b/c, score uniform. */
  record Raw(double[] income, long[] age, String[] segment, double[] score) {
    static Raw draw(long seed, double incomeMean) {
      SplittableRandom r = new SplittableRandom(seed);
      Raw raw = new Raw(new double[N], new long[N], new String[N], new double[N]);
      for (int i = 0; i < N; i++) {
        raw.income[i] = incomeMean + 10 * r.nextGaussian();
        raw.age[i] = 20 + r.nextInt(50);
        raw.segment[i] = new String[] {"a", "b", "c"}[r.nextInt(3)];
        raw.score[i] = r.nextDouble();
      }
      return raw;
    }

    WindowProfile profile(String version, long start) {
      WindowProfile p = new WindowProfile(ProfileConfig.DEFAULT);
      for (int i = 0; i < N; i++) {
        Map<String, Object> f = Map.of("income", income[i], "age", age[i], "segment", segment[i]);
        p.add(new Prediction("p" + i, "m", version, start + i, f, new Output(score[i], null, null, null), 5.0, "success",
            "main", null), start + i + 1_000, FeatureBounds.NONE);
      }
      return p;
    }
  }

  private static final Raw BEFORE = Raw.draw(1, 100);
  private static final Raw SHIFTED = Raw.draw(2, 115);

  private static Map<String, byte[]> topic() {
    Map<String, byte[]> t = new HashMap<>();
    t.put(ProfileCatalog.key("m", "v1", T0), ProfileCodec.encode(BEFORE.profile("v1", T0)));
    t.put(ProfileCatalog.key("m", "v1", T0 + 5 * MINUTE), ProfileCodec.encode(SHIFTED.profile("v1", T0 + 5 * MINUTE)));
    t.put(ProfileCatalog.key("m", "v1", T0 + 15 * MINUTE), ProfileCodec.encode(BEFORE.profile("v1", T0 + 15 * MINUTE)));
    t.put(ProfileCatalog.key("m", "v2", T0), ProfileCodec.encode(SHIFTED.profile("v2", T0)));
    t.put("m/v1/not-a-time", new byte[] {1});
    t.put("other/v9/" + T0, ProfileCodec.encode(BEFORE.profile("v9", T0)));
    return t;
  }

  private static final ProfileCatalog CATALOG = new ProfileCatalog(TOPIC, topic());

  @Test
  void shouldSelectTheWindowWithTheLatestStartAtOrBeforeTheTime() {
    SelectedWindow inside = CATALOG.select("m", "v1", T0 + 7 * MINUTE);
    SelectedWindow atStart = CATALOG.select("m", "v1", T0 + 15 * MINUTE);
    SelectedWindow gap = CATALOG.select("m", "v1", T0 + 14 * MINUTE);
    SelectedWindow after = CATALOG.select("m", "v1", T0 + 600 * MINUTE);

    assertThat(inside.start()).isEqualTo(T0 + 5 * MINUTE);
    assertThat(inside.nextStart()).isEqualTo(T0 + 15 * MINUTE);
    assertThat(inside.end()).isEqualTo(T0 + 15 * MINUTE);
    assertThat(inside.profile().predictionCount()).isEqualTo(N);
    assertThat(atStart.start()).isEqualTo(T0 + 15 * MINUTE);
    assertThat(atStart.nextStart()).isNull();
    assertThat(atStart.end()).as("the last event bounds the latest window").isEqualTo(T0 + 15 * MINUTE + N);
    assertThat(gap.start()).isEqualTo(T0 + 5 * MINUTE);
    assertThat(after.start()).isEqualTo(T0 + 15 * MINUTE);
    assertThat(CATALOG.windows("m", "v1")).containsOnlyKeys(T0, T0 + 5 * MINUTE, T0 + 15 * MINUTE);
  }

  @Test
  void shouldSelectTheWindowsThatHoldATimeOfARangeOldestFirst() {
    List<Long> inside = CATALOG.range("m", "v1", T0 + 7 * MINUTE, T0 + 15 * MINUTE).map(SelectedWindow::start).toList();
    List<Long> all = CATALOG.range("m", "v1", Long.MIN_VALUE, Long.MAX_VALUE).map(SelectedWindow::start).toList();
    List<Long> early = CATALOG.range("m", "v1", T0 - MINUTE, T0 + MINUTE).map(SelectedWindow::start).toList();
    SelectedWindow last = CATALOG.range("m", "v1", T0 + 20 * MINUTE, T0 + 30 * MINUTE).findFirst().orElseThrow();

    assertThat(inside).containsExactly(T0 + 5 * MINUTE, T0 + 15 * MINUTE);
    assertThat(all).containsExactly(T0, T0 + 5 * MINUTE, T0 + 15 * MINUTE);
    assertThat(early).containsExactly(T0);
    assertThat(last.start()).isEqualTo(T0 + 15 * MINUTE);
    assertThat(last.nextStart()).isNull();
    assertThat(last.profile().predictionCount()).isEqualTo(N);
    assertThatThrownBy(() -> CATALOG.range("m", "v1", T0 - 2 * MINUTE, T0 - 1))
        .hasMessageStartingWith("no window of m/v1 starts at or before 2025-12-31T23:59:59.999Z on ml.quality.profiles; 3 windows");
    assertThatThrownBy(() -> CATALOG.range("m", "v3", T0, T0))
        .hasMessageStartingWith("no window profiles of model m version v3 on ml.quality.profiles");
  }

  @Test
  void shouldNameTheMissingWindowAndListTheNearestOnes() {
    assertThatThrownBy(() -> CATALOG.select("m", "v1", T0 - 1))
        .isInstanceOf(CompareException.class)
        .hasMessage("no window of m/v1 starts at or before 2025-12-31T23:59:59.999Z on ml.quality.profiles; 3 windows from "
            + "2026-01-01T00:00:00Z to 2026-01-01T00:15:00Z; nearest: 2026-01-01T00:00:00Z (1767225600000), "
            + "2026-01-01T00:05:00Z (1767225900000), 2026-01-01T00:15:00Z (1767226500000)");
    assertThatThrownBy(() -> CATALOG.select("m", "v3", T0))
        .hasMessage("no window profiles of model m version v3 on ml.quality.profiles; versions of m there: v1, v2");
    assertThatThrownBy(() -> CATALOG.select("churn", "v1", T0))
        .hasMessage("no window profiles of model churn version v1 on ml.quality.profiles; no profiles of model churn; "
            + "models there: m, other");
    Map<String, byte[]> corrupt = Map.of("m/v1/" + T0, new byte[] {3, 1});
    assertThatThrownBy(() -> new ProfileCatalog(TOPIC, corrupt).select("m", "v1", T0))
        .hasMessageStartingWith("window profile m/v1/" + T0 + " on ml.quality.profiles cannot be decoded: ");
  }

  @Test
  void shouldListAtMostTheFiveNearestWindows() {
    java.util.NavigableMap<Long, byte[]> windows = new java.util.TreeMap<>();
    for (long i = 0; i < 10; i++) {
      windows.put(i * MINUTE, new byte[0]);
    }

    assertThat(ProfileCatalog.nearest(windows, 6 * MINUTE + 1)).endsWith("nearest: 1970-01-01T00:04:00Z (240000), "
        + "1970-01-01T00:05:00Z (300000), 1970-01-01T00:06:00Z (360000), 1970-01-01T00:07:00Z (420000), "
        + "1970-01-01T00:08:00Z (480000)").startsWith("10 windows from 1970-01-01T00:00:00Z to 1970-01-01T00:09:00Z");
  }

  @Test
  void shouldFlagTheShiftedFeatureWithThePsiOfItsRawValues() {
    SelectedWindow current = CATALOG.select("m", "v1", T0 + 5 * MINUTE);
    SelectedWindow before = CATALOG.select("m", "v1", T0);

    WindowComparison c = WindowComparison.evaluate(DriftSettings.DEFAULT, current, Against.window(before));

    assertThat(c.rows()).extracting(FeatureRow::feature).containsExactly("age", "income", "segment");
    Map<String, FeatureRow> rows = new HashMap<>();
    c.rows().forEach(r -> rows.put(r.feature(), r));
    FeatureRow income = rows.get("income");
    assertThat(income.verdict()).isEqualTo("DRIFTED");
    assertThat(income.count()).isEqualTo(N);
    assertThat(income.againstCount()).isEqualTo(N);
    assertThat(income.missingRatio()).isZero();
    assertThat(income.againstMissingRatio()).isZero();
    assertThat(income.method()).isEqualTo("PSI");
    assertThat(income.threshold()).isEqualTo(0.2);
    Statistic psi = income.statistic("PSI");
    NumericProfile ref = (NumericProfile) before.profile().features().get("income");
    double exact = psi(BinEdges.fromReferenceQuantiles(ref.sketch(), 10).edges(), BEFORE.income(), SHIFTED.income());
    assertThat(exact).isGreaterThan(0.5);
    // both windows are k = 200 sketches of 2,000 values, compacted with a random coin: the documented bound
    // (here about 3.5) is the only tolerance that holds on every run; the error seen was 6 % and 11 %
    assertThat(psi.value()).isCloseTo(exact, within(psi.errorBound()));
    assertThat(income.score()).isEqualTo(psi.value());
    assertThat(rows.get("age").verdict()).isEqualTo("ok");
    assertThat(rows.get("age").score()).isLessThan(0.2);
    assertThat(rows.get("segment").verdict()).isEqualTo("ok");
    assertThat(rows.get("segment").type()).isEqualTo("categorical");
    assertThat(c.datasetDrift().driftedFeatures()).isEqualTo(1);
    assertThat(c.datasetDrift().features()).isEqualTo(3);
    assertThat(c.datasetDrift().drifted()).isFalse();
    assertThat(c.predictionDrift()).extracting(d -> d.target() + " " + d.method()).containsExactly("score psi", "score ks");
    assertThat(c.predictionDrift()).allSatisfy(d -> assertThat(d.baseline()).isEqualTo("window:2026-01-01T00:00:00Z"));
    assertThat(c.predictionDrift().get(0).value()).isLessThan(0.05);
  }

  @Test
  void shouldApplyTheConfiguredThreshold() {
    DriftSettings lenient = new DriftSettings(DriftSettings.DEFAULT.numericMethod(), DriftSettings.DEFAULT.categoricalMethod(),
        50.0, Map.of(), 10, 100, 0.5, 20, 0.01, 0.05);

    WindowComparison c = WindowComparison.evaluate(lenient, CATALOG.select("m", "v2", T0),
        Against.version(CATALOG.select("m", "v1", T0)));

    assertThat(c.rows()).allSatisfy(r -> {
      assertThat(r.threshold()).isEqualTo(50.0);
      assertThat(r.verdict()).isEqualTo("ok");
    });
    assertThat(c.against().baseline()).isEqualTo("version:v1");
  }

  @Test
  void shouldPrintOneRowPerFeatureWithTheStatisticsThatExist() {
    WindowComparison c = WindowComparison.evaluate(DriftSettings.DEFAULT, CATALOG.select("m", "v2", T0 + 1),
        Against.version(CATALOG.select("m", "v1", T0 + 1)));

    String text = ComparisonReport.text(c);

    List<String> lines = text.lines().toList();
    assertThat(lines.get(0)).isEqualTo("m/v2 window 2026-01-01T00:00:00Z .. 2026-01-01T00:00:02Z (latest window; end = last "
        + "event, 2000 events)");
    assertThat(lines.get(1)).startsWith("against version m/v1 window 2026-01-01T00:00:00Z .. 2026-01-01T00:05:00Z");
    assertThat(lines.get(3).split(" +")).containsExactly("feature", "type", "count", "count_against", "missing",
        "missing_against", "method", "score", "threshold", "verdict", "psi", "ks", "wasserstein", "jensen_shannon",
        "l_infinity", "chi_square");
    String[] income = lines.get(5).split(" +");
    assertThat(income).startsWith("income", "numeric", "2000", "2000", "0.0000", "0.0000", "psi");
    assertThat(income[9]).isEqualTo("DRIFTED");
    assertThat(income[14]).as("no L-infinity for numeric features").isEqualTo("-");
    assertThat(lines.get(6).split(" +")).startsWith("segment", "categorical", "2000", "2000");
    assertThat(lines.get(6).split(" +")[9]).isEqualTo("ok");
    assertThat(text).contains("prediction drift against version:v1: score psi ", "prediction drift against version:v1: score ks ")
        .endsWith("dataset drift: 1 of 3 features drifted, share 0.3333 (threshold 0.5000): ok\n");
  }

  @Test
  void shouldPrintTheSameAsJsonLines() throws Exception {
    WindowComparison c = WindowComparison.evaluate(DriftSettings.DEFAULT, CATALOG.select("m", "v2", T0),
        Against.version(CATALOG.select("m", "v1", T0)));
    ObjectMapper json = new ObjectMapper();

    List<JsonNode> lines = ComparisonReport.jsonLines(c).stream().map(l -> {
      try {
        return json.readTree(l);
      } catch (Exception e) {
        throw new AssertionError(l, e);
      }
    }).toList();

    assertThat(lines).extracting(n -> n.get("record").asText()).containsExactly("comparison", "feature", "feature",
        "feature", "prediction_drift", "prediction_drift", "dataset_drift");
    assertThat(lines.get(0).get("version").asText()).isEqualTo("v2");
    assertThat(lines.get(0).get("against").get("version").asText()).isEqualTo("v1");
    assertThat(lines.get(0).get("against").get("window_start_ms").asLong()).isEqualTo(T0);
    JsonNode income = lines.get(2);
    assertThat(income.get("feature").asText()).isEqualTo("income");
    assertThat(income.get("drifted").asBoolean()).isTrue();
    assertThat(income.get("count").asLong()).isEqualTo(N);
    assertThat(income.get("score").asDouble()).isEqualTo(c.rows().get(1).score());
    assertThat(income.get("statistics").get("KS").get("error_bound").asDouble()).isPositive();
    assertThat(lines.get(6).get("drifted_features").asInt()).isEqualTo(1);
  }

  @Test
  void shouldFindTheVersionsReferenceElseTheModelsAndNameWhatIsMissing() {
    ReferenceProfile all = new ReferenceProfile("train", ReferenceKind.TRAINING, "m", "*", T0, BEFORE.profile("v1", T0));
    ReferenceProfile v2 = new ReferenceProfile("train-v2", ReferenceKind.TRAINING, "m", "v2", T0, BEFORE.profile("v2", T0));
    Map<String, byte[]> refs = Map.of("m/*", ReferenceCodec.encode(all), "m/v2", ReferenceCodec.encode(v2));

    assertThat(Against.reference("ml.quality.reference", refs, "m", "v2").reference().id()).isEqualTo("train-v2");
    assertThat(Against.reference("ml.quality.reference", refs, "m", "v1").reference().id()).isEqualTo("train");
    assertThatThrownBy(() -> Against.reference("ml.quality.reference", Map.of("m/v2", refs.get("m/v2")), "m", "v1"))
        .isInstanceOf(CompareException.class)
        .hasMessage("no reference m/v1 or m/* on ml.quality.reference; references of m there: m/v2");
    WindowComparison c = WindowComparison.evaluate(DriftSettings.DEFAULT, CATALOG.select("m", "v1", T0 + 5 * MINUTE),
        Against.reference("ml.quality.reference", refs, "m", "v1"));
    assertThat(c.rows().get(1).verdict()).isEqualTo("DRIFTED");
    assertThat(ComparisonReport.text(c)).contains("against reference m/* (training, id train, ");
  }

  /** PSI of raw values counted into the bins (-inf, e1], (e1, e2], ..., (ek, +inf), shares floored at 1e-4. */
  private static double psi(double[] edges, double[] reference, double[] current) {
    double[] r = shares(edges, reference);
    double[] c = shares(edges, current);
    double psi = 0;
    for (int i = 0; i < r.length; i++) {
      double ri = Math.max(r[i], 1e-4);
      double ci = Math.max(c[i], 1e-4);
      psi += (ci - ri) * Math.log(ci / ri);
    }
    return psi;
  }

  private static double[] shares(double[] edges, double[] values) {
    double[] s = new double[edges.length + 1];
    for (double v : values) {
      int bin = 0;
      while (bin < edges.length && v > edges[bin]) {
        bin++;
      }
      s[bin] += 1.0 / values.length;
    }
    return s;
  }
}
