package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A challenger held against its champion ({@code compare.versions=fraud:v2=v1}) through the whole topology: both
 * versions score every prediction 0.9, and labels make v1 right 85 % of the time and v2 right 70 % (drawn). After a
 * first window of 30 labelled predictions each the comparison cannot tell yet; over windows of 400 more it reaches
 * "worse", its difference the exact difference of the labels sent and its interval excluding 0.
 */
class VersionComparisonTopologyTest extends DriftFixtureTest {
  private static final Map<String, String> SETTINGS = Map.of("ground-truth.enabled", "true",
      "ground-truth.max-delay", "10m", "performance.min-labels", "10", "compare.versions", "fraud:v2=v1");
  private static final String[] PAIR = {"model_name", "fraud", "model_version", "v2", "champion_version", "v1",
      "metric", "accuracy"};

  private int[] sent(Random r, String version, int window, double right) {
    int[] counts = new int[2];
    for (int i = 0; i < (window == 0 ? 30 : 400); i++) {
      String id = version + "-" + window + "-" + i;
      long at = window * 10_000L + i * 20L;
      f.predictScore(id, version, at, 0.9);
      boolean correct = r.nextDouble() < right;
      f.label(id, at + 1, correct ? "1" : "0");
      counts[0]++;
      counts[1] += correct ? 1 : 0;
    }
    return counts;
  }

  private double[] verdicts() {
    return new double[] {
        f.gauge("ml.version.comparison.verdict", concat("verdict", "worse")),
        f.gauge("ml.version.comparison.verdict", concat("verdict", "better")),
        f.gauge("ml.version.comparison.verdict", concat("verdict", "no_difference_detected_yet"))};
  }

  private static String[] concat(String... more) {
    String[] all = java.util.Arrays.copyOf(PAIR, PAIR.length + more.length);
    System.arraycopy(more, 0, all, PAIR.length, more.length);
    return all;
  }

  @Test
  void shouldCallAChallengerWorseOnceItsIntervalExcludesZero() {
    f = new DriftFixture(stateDir, SETTINGS);
    Random r = new Random(42);
    long[] v1 = new long[2];
    long[] v2 = new long[2];
    boolean sawUndecided = false;
    for (int w = 0; w < 8; w++) {
      int[] a = sent(r, "v1", w, 0.85);
      int[] b = sent(r, "v2", w, 0.70);
      v1[0] += a[0];
      v1[1] += a[1];
      v2[0] += b[0];
      v2[1] += b[1];
      f.advanceWallClock(Duration.ofSeconds(1));
      f.advanceWallClock(Duration.ofSeconds(31)); // the aggregation emits
      Double undecided = f.gauge("ml.version.comparison.verdict", concat("verdict", "no_difference_detected_yet"));
      sawUndecided |= undecided != null && undecided == 1.0;
    }
    assertThat(f.gauge("ml.version.comparison.labels", concat("side", "champion"))).isEqualTo((double) v1[0]);
    assertThat(f.gauge("ml.version.comparison.labels", concat("side", "challenger"))).isEqualTo((double) v2[0]);
    double difference = (double) v2[1] / v2[0] - (double) v1[1] / v1[0];
    assertThat(f.gauge("ml.version.comparison.difference", PAIR)).isCloseTo(difference, within(1e-12));
    assertThat(f.gauge("ml.version.comparison.upper", PAIR)).isLessThan(0);
    assertThat(f.gauge("ml.version.comparison.lower", PAIR)).isLessThan(difference);
    assertThat(verdicts()).containsExactly(1.0, 0.0, 0.0);
    assertThat(sawUndecided).as("undecided while the labels were few").isTrue();
    assertThat(f.meters("ml.version.comparison.difference")).as("v1 is compared with nothing; v2 on accuracy and"
        + " on the serving error rate (every status absent: ok)").extracting(m -> m.getId().getTag("model_version")
        + " " + m.getId().getTag("metric")).containsExactlyInAnyOrder("v2 accuracy", "v2 error_rate");
    var records = f.drainComparisons();
    assertThat(records).containsOnlyKeys("fraud/v2/accuracy", "fraud/v2/error_rate");
    assertThat(records.get("fraud/v2/error_rate").getVerdict()).isEqualTo("no_difference_detected_yet");
    var c = records.get("fraud/v2/accuracy");
    assertThat(List.of(c.getModelName(), c.getModelVersion(), c.getChampionVersion(), c.getMetric(), c.getVerdict()))
        .containsExactly("fraud", "v2", "v1", "accuracy", "worse");
    assertThat(List.of(c.getChampionCount(), c.getChallengerCount())).containsExactly(v1[0], v2[0]);
    assertThat(c.getChampionValue()).isCloseTo((double) v1[1] / v1[0], within(1e-12));
    assertThat(c.getChallengerValue()).isCloseTo((double) v2[1] / v2[0], within(1e-12));
    assertThat(c.getDifference()).isCloseTo(difference, within(1e-12));
    assertThat(List.of(c.getLower(), c.getUpper())).containsExactly(f.gauge("ml.version.comparison.lower", PAIR),
        f.gauge("ml.version.comparison.upper", PAIR));
    assertThat(c.getHigherIsBetter()).isTrue();
    assertThat(c.getAlpha()).isEqualTo(0.05);
    var actions = f.drainActions().stream().filter(kv -> kv.value.getComparison() != null).toList();
    assertThat(actions).as("one challenger_worse episode opened, nothing else").hasSize(1);
    var a = actions.get(0).value;
    assertThat(actions.get(0).key).isEqualTo("fraud/v2");
    assertThat(List.of(a.getAction(), a.getState(), a.getComparison().getMetric(), a.getComparison().getChampionVersion()))
        .containsExactly("challenger_worse", "opened", "accuracy", "v1");
    assertThat(a.getEpisodeId()).isEqualTo("fraud/v2/challenger_worse/accuracy/" + a.getEpisodeStart());
    assertThat(a.getComparison().getUpper()).isLessThan(0);
    assertThat(f.gauge("ml.action.active", "model_name", "fraud", "model_version", "v2", "action", "challenger_worse"))
        .isEqualTo(1.0);
    assertThat(f.gauge("ml.action.active", "model_name", "fraud", "model_version", "v2", "action", "challenger_better"))
        .isEqualTo(0.0);
  }

  /**
   * Without any label: the challenger converts 12 % of its predictions (24 % in even windows, none in odd ones), the
   * champion 20 % (drawn), reported as a business outcome on the ground-truth events with its revenue; the comparisons
   * of the rates and of the revenue per prediction reach "worse" with the exact difference of what was sent: the
   * predictions of a window without a conversion count too.
   */
  @Test
  void shouldCompareBusinessOutcomeRatesWithoutLabels() {
    f = new DriftFixture(stateDir, SETTINGS);
    String[] pair = {"model_name", "fraud", "model_version", "v2", "champion_version", "v1", "metric",
        "outcome_rate:conversion"};
    Random r = new Random(7);
    long[][] sent = new long[2][2];
    double[] revenue = new double[2];
    for (int w = 0; w < 8; w++) {
      for (int v = 0; v < 2; v++) {
        for (int i = 0; i < 400; i++) {
          String id = "v" + (v + 1) + "-" + w + "-" + i;
          long at = w * 10_000L + i * 20L;
          f.predictScore(id, "v" + (v + 1), at, 0.5);
          sent[v][0]++;
          if (r.nextDouble() < (v == 0 ? 0.20 : w % 2 == 0 ? 0.24 : 0)) {
            double value = 10 + r.nextInt(90) + 0.25; // the conversion's revenue
            f.groundTruthEvent(id, Map.of("prediction_id", id, "timestamp", DriftFixture.T0 + at + 5,
                "outcomes", Map.of("conversion", value)), DriftFixture.T0 + at + 5);
            sent[v][1]++;
            revenue[v] += value;
          }
        }
      }
      f.advanceWallClock(Duration.ofSeconds(1));
      f.advanceWallClock(Duration.ofSeconds(31));
    }
    double difference = (double) sent[1][1] / sent[1][0] - (double) sent[0][1] / sent[0][0];
    assertThat(f.gauge("ml.version.comparison.difference", pair)).isCloseTo(difference, within(1e-12));
    assertThat(f.gauge("ml.version.comparison.upper", pair)).isLessThan(0);
    String[] worse = java.util.Arrays.copyOf(pair, pair.length + 2);
    worse[pair.length] = "verdict";
    worse[pair.length + 1] = "worse";
    assertThat(f.gauge("ml.version.comparison.verdict", worse)).isEqualTo(1.0);
    assertThat(f.meters("ml.version.comparison.difference")).as("no accuracy without labels")
        .extracting(m -> m.getId().getTag("metric"))
        .containsExactlyInAnyOrder("outcome_rate:conversion", "outcome_value:conversion", "error_rate");
    var records = f.drainComparisons();
    var value = records.get("fraud/v2/outcome_value:conversion");
    assertThat(value.getChallengerValue()).as("revenue per prediction").isCloseTo(revenue[1] / sent[1][0], within(1e-9));
    assertThat(value.getChampionValue()).isCloseTo(revenue[0] / sent[0][0], within(1e-9));
    assertThat(List.of(value.getChampionCount(), value.getChallengerCount())).containsExactly(sent[0][0], sent[1][0]);
    assertThat(value.getUpper()).isLessThan(0);
    assertThat(value.getVerdict()).isEqualTo("worse");
    var c = records.get("fraud/v2/outcome_rate:conversion");
    assertThat(List.of(c.getChampionCount(), c.getChallengerCount())).containsExactly(sent[0][0], sent[1][0]);
    assertThat(c.getDifference()).isCloseTo(difference, within(1e-12));
    assertThat(c.getVerdict()).isEqualTo("worse");
  }

  /**
   * The sample ratio check: both versions get 400 predictions a window, half the pair's traffic each, once v2 starts
   * (in the third window; before it v1 gets all 800). Expected at 0.5 the split passes; expected at 0.4 (the
   * challenger should get 40 %) it is flagged; the observed share is exact over the windows both serve.
   */
  @Test
  void shouldFlagASplitThatIsNotTheExpectedOne() {
    for (String expected : new String[] {"0.5", "0.4"}) {
      if (f != null) {
        f.close();
      }
      f = new DriftFixture(stateDir.resolve(expected), Map.of("ground-truth.enabled", "true",
          "ground-truth.max-delay", "10m", "compare.versions", "fraud:v2=v1@" + expected));
      for (int w = 0; w < 8; w++) {
        for (int i = 0; i < 800; i++) {
          // v2 starts in the third window: the split counts from there
          String version = i % 2 == 0 || w < 2 ? "v1" : "v2";
          f.predictScore(version + "-" + w + "-" + i, version, w * 10_000L + i * 10L, 0.5);
        }
        f.advanceWallClock(Duration.ofSeconds(1));
        f.advanceWallClock(Duration.ofSeconds(31));
      }
      String[] pair = {"model_name", "fraud", "model_version", "v2", "champion_version", "v1"};
      assertThat(f.gauge("ml.version.comparison.traffic.share", pair)).isEqualTo(0.5);
      assertThat(f.gauge("ml.version.comparison.traffic.share.expected", pair)).isEqualTo(Double.parseDouble(expected));
      assertThat(f.gauge("ml.version.comparison.sample.ratio.mismatch", pair)).as("mismatch against %s", expected)
          .isEqualTo(expected.equals("0.5") ? 0.0 : 1.0);
    }
  }

  /**
   * The serving error rate, without the ground-truth join: each version serves 300 requests a window, v1 failing 2 %
   * of them (1 in 50) and v2 6 % (3 in 50): once the windows are finalized the comparison of the error rates reaches
   * "worse" (a higher error rate is worse) with the exact counts of the statuses sent.
   */
  @Test
  void shouldCompareTheServingErrorRatesOfFinalizedWindows() {
    f = new DriftFixture(stateDir, Map.of("compare.versions", "fraud:v2=v1"));
    long[][] sent = new long[2][2];
    for (int w = 0; w < 6; w++) {
      for (int i = 0; i < 300; i++) {
        for (int v = 0; v < 2; v++) {
          boolean error = v == 0 ? i % 50 == 0 : i % 50 < 3;
          Map<String, Object> e = new java.util.LinkedHashMap<>();
          e.put("model_version", "v" + (v + 1));
          e.put("timestamp", DriftFixture.T0 + w * 10_000L + i * 30L);
          e.put("features", Map.of("x", 1.0));
          e.put("prediction", Map.of("score", 0.5));
          e.put("status", error ? "error" : "ok");
          f.predictEvent(e);
          sent[v][0]++;
          sent[v][1] += error ? 1 : 0;
        }
      }
      f.advanceWallClock(Duration.ofSeconds(1));
    }
    f.predictScore("late", "v1", 80_000L, 0.5); // closes the last window
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(Duration.ofSeconds(1));
    String[] pair = {"model_name", "fraud", "model_version", "v2", "champion_version", "v1", "metric", "error_rate"};
    var c = f.drainComparisons().get("fraud/v2/error_rate");
    assertThat(List.of(c.getChampionCount(), c.getChallengerCount())).containsExactly(sent[0][0], sent[1][0]);
    assertThat(c.getChallengerValue() - c.getChampionValue()).isCloseTo(
        (double) sent[1][1] / sent[1][0] - (double) sent[0][1] / sent[0][0], within(1e-12));
    assertThat(c.getHigherIsBetter()).isFalse();
    assertThat(c.getVerdict()).isEqualTo("worse");
    assertThat(f.gauge("ml.version.comparison.lower", pair)).isGreaterThan(0);
  }
}
