package dev.pqp.stream.groundtruth;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.schema.Performance;
import dev.pqp.stream.Windows;
import dev.pqp.topology.DriftFixture;
import dev.pqp.topology.DriftFixtureTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ground-truth join and the performance it feeds, on the whole topology. Expected figures are computed
 * here from the raw scores and labels the test sends. Windows are 10 s; labels wait 1 min for their
 * predictions to be labelled, 20 s for their predictions to come.
 */
class GroundTruthJoinTopologyTest extends DriftFixtureTest {
  private static final Duration EMIT = Duration.ofSeconds(31);
  private static final Map<String, String> SETTINGS = Map.of("ground-truth.enabled", "true",
      "ground-truth.max-delay", "1m", "ground-truth.early-wait", "20s", "performance.min-labels", "1");

  private DriftFixture fixture(Path dir, Map<String, String> more) {
    Map<String, String> all = new HashMap<>(SETTINGS);
    all.putAll(more);
    return new DriftFixture(dir, all);
  }

  /** Lets the join hand its prediction counts over (every second), then the aggregation emit. */
  private void emit() {
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(EMIT);
  }

  /**
   * Whether a store of the join holds an entry of {@code id}. The stores drop expired entries a segment at a
   * time, not one by one: an expired entry may still be there until its segment goes.
   */
  private boolean stored(String store, String id) {
    var s = f.driver.<Long, byte[]>getWindowStore(store);
    try (var it = s.fetch(PredictionKey.of(id), 0L, Long.MAX_VALUE)) {
      return it.hasNext();
    }
  }

  private double total(String result) {
    var c = f.registry.find("pqp.ground.truth").tags("result", result).functionCounter();
    return c == null ? 0 : c.count();
  }

  /** Scores and labels of n predictions in the window at T0, ids "p0".. */
  private record Labelled(double[] scores, boolean[] positive) {
    static Labelled random(long seed, int n) {
      Random r = new Random(seed);
      double[] s = new double[n];
      boolean[] y = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = i == 0 ? 0.0 : i == 1 ? 1.0 : r.nextDouble();
        y[i] = r.nextDouble() < 0.3 + 0.5 * s[i];
      }
      return new Labelled(s, y);
    }
  }

  private void predictAll(Labelled l) {
    for (int i = 0; i < l.scores().length; i++) {
      f.predictScore("p" + i, "v1", 10 + i * 10L, l.scores()[i]);
    }
  }

  private void labelRange(Labelled l, int from, int to) {
    for (int i = from; i < to; i++) {
      f.label("p" + i, 5_000 + i * 10L, l.positive()[i] ? "1" : "0");
    }
  }

  private static Performance last(List<KeyValue<String, Performance>> records) {
    assertThat(records).isNotEmpty();
    return records.get(records.size() - 1).value;
  }

  @Test
  void shouldJoinLabelsAfterPredictionsIntoExactFigures() {
    f = fixture(stateDir, Map.of());
    Labelled l = Labelled.random(11, 400);
    predictAll(l);
    labelRange(l, 0, 400);
    emit();

    List<KeyValue<String, Performance>> out = f.drainPerformance();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).key).isEqualTo("fraud/v1/" + T0);
    assertExact(out.get(0).value, l, 400);
    assertThat(out.get(0).value.getPredictionCount()).isEqualTo(400);
    assertThat(out.get(0).value.getCoverage()).isEqualTo(1.0);
    assertThat(total("matched")).isEqualTo(400);
    var e = f.scrape();
    Performance p = out.get(0).value;
    String[] v = {"model_name", "fraud", "model_version", "v1", "horizon", "window"};
    assertThat(e.value("ml_model_accuracy", v)).isCloseTo(p.getAccuracy(), within(1e-12));
    assertThat(e.value("ml_model_f1_score", v)).isCloseTo(p.getF1(), within(1e-12));
    assertThat(e.value("ml_model_log_loss", v)).isCloseTo(p.getLogLoss(), within(1e-12));
    assertThat(e.value("ml_model_roc_auc", v)).isCloseTo(p.getRocAuc(), within(1e-12));
    assertThat(e.value("ml_ground_truth_coverage_ratio", v)).isEqualTo(1.0);
    assertThat(e.value("pqp_ground_truth_total", "result", "matched")).isEqualTo(400.0);
    assertThat(e.value("pqp_ground_truth_total", "result", "expired")).isZero();
    assertThat(e.value("ml_ground_truth_delay_seconds", "model_name", "fraud", "horizon", "window", "quantile", "0.5")).isNotNull();
  }

  /** Every figure against a direct computation on the first {@code n} labelled predictions. */
  private static void assertExact(Performance p, Labelled l, int n) {
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    double logLoss = 0;
    double brier = 0;
    for (int i = 0; i < n; i++) {
      double s = l.scores()[i];
      boolean y = l.positive()[i];
      boolean said = s >= 0.5;
      tp += said && y ? 1 : 0;
      fp += said && !y ? 1 : 0;
      tn += !said && !y ? 1 : 0;
      fn += !said && y ? 1 : 0;
      double pTrue = Math.min(1 - 1e-15, Math.max(1e-15, y ? s : 1 - s));
      logLoss -= Math.log(pTrue);
      brier += (s - (y ? 1 : 0)) * (s - (y ? 1 : 0));
    }
    assertThat(p.getLabelledCount()).isEqualTo(n);
    assertThat(p.getAccuracy()).isCloseTo((double) (tp + tn) / n, within(1e-9));
    assertThat(p.getPrecision()).isCloseTo((double) tp / (tp + fp), within(1e-9));
    assertThat(p.getRecall()).isCloseTo((double) tp / (tp + fn), within(1e-9));
    assertThat(p.getF1()).isCloseTo(2.0 * tp / (2.0 * tp + fp + fn), within(1e-9));
    assertThat(p.getLogLoss()).isCloseTo(logLoss / n, within(1e-9));
    assertThat(p.getBrier()).isCloseTo(brier / n, within(1e-9));
    assertThat(p.getPredictedPositiveRate()).isCloseTo((double) (tp + fp) / n, within(1e-9));
    assertThat(p.getActualPositiveRate()).isCloseTo((double) (tp + fn) / n, within(1e-9));
    assertThat(p.getRocAuc()).isCloseTo(exactAuc(l, n), within(0.01));
  }

  /** The Mann-Whitney rank statistic: the share of (positive, negative) pairs ordered right, ties half. */
  private static double exactAuc(Labelled l, int n) {
    double right = 0;
    long pairs = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (l.positive()[i] && !l.positive()[j]) {
          pairs++;
          double a = l.scores()[i];
          double b = l.scores()[j];
          right += a > b ? 1 : a == b ? 0.5 : 0;
        }
      }
    }
    return right / pairs;
  }

  @Test
  void shouldJoinLabelThatCameBeforeItsPredictionAsEarlyMatched() {
    f = fixture(stateDir, Map.of());
    f.label("a", 100, "1");
    f.predictScore("a", "v1", 50, 0.8);
    emit();

    Performance p = last(f.drainPerformance());
    assertThat(p.getLabelledCount()).isEqualTo(1);
    assertThat(p.getAccuracy()).isEqualTo(1.0);
    assertThat(total("early_matched")).isEqualTo(1);
    assertThat(total("matched")).isZero();
    assertThat(total("early_expired")).isZero();
  }

  @Test
  void shouldCountASecondLabelAsDuplicateAndKeepTheFirst() {
    f = fixture(stateDir, Map.of());
    f.predictScore("a", "v1", 50, 0.9);
    f.label("a", 100, "1");
    f.label("a", 200, "0");
    f.label("b", 300, "1"); // early label ...
    f.label("b", 400, "0"); // ... and its duplicate
    f.predictScore("b", "v1", 60, 0.2);
    emit();

    Performance p = last(f.drainPerformance());
    assertThat(p.getLabelledCount()).isEqualTo(2);
    assertThat(p.getAccuracy()).isEqualTo(0.5); // a: 0.9 vs 1 right; b: 0.2 vs 1 (the first label) wrong
    assertThat(total("matched")).isEqualTo(1);
    assertThat(total("early_matched")).isEqualTo(1);
    assertThat(total("duplicate")).isEqualTo(2);
  }

  @Test
  void shouldCountALabelThatCanNoLongerJoinAsOrphan() {
    f = fixture(stateDir, Map.of());
    f.predictScore("a", "v1", 50, 0.9);
    f.label("a", 100, "1");
    f.label("other", 61_000, "1"); // labels at 61 s: "a" (expiring at 60.05 s) is gone; "other" waits
    f.label("a", 200, "1"); // its prediction would have expired by 60.2 s
    f.predictScore("q", "v1", 30_000, 0.5);
    f.label("none", 5_000, "1"); // predictions are at 30 s, past its early wait (25 s): its prediction is not coming

    assertThat(total("matched")).isEqualTo(1);
    assertThat(total("orphan")).isEqualTo(2);
    assertThat(total("duplicate")).isZero();
    assertThat(total("expired")).isZero();
    assertThat(stored(GroundTruthJoin.EARLY, "a")).isFalse();
    assertThat(stored(GroundTruthJoin.EARLY, "none")).isFalse();
    assertThat(stored(GroundTruthJoin.EARLY, "other")).isTrue();
  }

  @Test
  void shouldExpireEachSideByTheOtherSidesTimeNeverTheWallClock() {
    f = fixture(stateDir, Map.of());
    f.predictScore("unlabelled", "v1", 50, 0.9);
    f.label("unpredicted", 100, "1");
    f.advanceWallClock(Duration.ofDays(30)); // the wall clock expires nothing
    assertThat(total("expired") + total("early_expired")).isZero();

    f.predictScore("x", "v1", 20_100, 0.9); // predictions at 20.1 s: the early label (due 20.1 s) goes
    assertThat(total("early_expired")).isEqualTo(1);
    assertThat(total("expired")).isZero();
    f.label("x", 60_049, "1");
    assertThat(total("expired")).isZero(); // due at 60.05 s
    f.label("y", 60_050, "1");
    assertThat(total("expired")).isEqualTo(1);
    assertThat(total("early_expired")).isEqualTo(1);
    assertThat(stored(GroundTruthJoin.WAITING, "x")).isTrue();
  }

  /**
   * A backlog where labels run far ahead of predictions (each input read at its own pace): the labels wait
   * for their predictions although label time went past their early wait (up to the max delay more), and
   * predictions wait for their labels however far prediction time went, up to twice the max delay when no
   * label comes at all.
   */
  @Test
  void shouldJoinWhenOneSideRunsFarAheadOfTheOther() {
    f = fixture(stateDir, Map.of());
    for (int i = 0; i < 5; i++) {
      f.label("e" + i, 1_000 + i * 15_000L, "1"); // labels up to 61 s before any prediction
    }
    for (int i = 0; i < 5; i++) {
      f.predictScore("e" + i, "v1", 500 + i * 15_000L, 0.9);
    }
    assertThat(total("early_matched")).isEqualTo(5);
    assertThat(total("early_expired") + total("orphan")).isZero();

    f.predictScore("solo", "v1", 250_000, 0.9);
    f.predictScore("ahead", "v1", 369_999, 0.9); // no label after 61 s: "solo" waits until 250 s + 2 min
    assertThat(total("expired")).isZero();
    f.predictScore("further", "v1", 370_000, 0.9);
    assertThat(total("expired")).isEqualTo(1);
  }

  /**
   * The sample is a function of the id alone: two drivers that see the same ids in another order (labels
   * first in the second) join the same ones. A restart on the same state cannot be shown here, since
   * {@code TopologyTestDriver} wipes its state directory on close: {@code GroundTruthJoinRestartTest} shows the
   * stores carry over and {@code IdSampleTest} pins the hash.
   */
  @Test
  void shouldSampleTheSameIdsInSeparateDrivers(@TempDir Path other) {
    Map<String, String> half = Map.of("ground-truth.sample-rate", "0.5");
    Labelled l = Labelled.random(5, 300);
    long inSample = java.util.stream.IntStream.range(0, 300).filter(i -> IdSample.unit("p" + i) < 0.5).count();
    assertThat(inSample).isBetween(120L, 180L);

    f = fixture(other, half);
    predictAll(l);
    labelRange(l, 0, 300);
    emit();
    Performance one = last(f.drainPerformance());
    assertThat(total("matched")).isEqualTo(inSample);
    f.close();

    f = fixture(stateDir, half);
    labelRange(l, 0, 300);
    predictAll(l);
    emit();
    Performance two = last(f.drainPerformance());
    assertThat(total("early_matched")).isEqualTo(inSample);

    assertThat(one.getLabelledCount()).isEqualTo(inSample);
    assertThat(one.getSampledPredictionCount()).isEqualTo(inSample);
    assertThat(one.getPredictionCount()).isEqualTo(300);
    assertThat(one.getCoverage()).isEqualTo(1.0);
    assertThat(one.getSampleRate()).isEqualTo(0.5);
    assertThat(two.getLabelledCount()).isEqualTo(inSample);
    assertThat(two.getAccuracy()).isEqualTo(one.getAccuracy());
    assertThat(two.getLogLoss()).isEqualTo(one.getLogLoss());
    assertThat(two.getBrier()).isEqualTo(one.getBrier());
  }

  @Test
  void shouldReEmitAWindowAsLabelsArriveUntilItsFiguresConverge() {
    f = fixture(stateDir, Map.of());
    Labelled l = Labelled.random(23, 300);
    predictAll(l);
    int[] batches = {100, 200, 300};
    int from = 0;
    for (int to : batches) {
      labelRange(l, from, to);
      from = to;
      emit();
      List<KeyValue<String, Performance>> out = f.drainPerformance();
      assertThat(out).hasSize(1);
      assertExact(out.get(0).value, l, to);
      assertThat(out.get(0).value.getCoverage()).isCloseTo(to / 300.0, within(1e-12));
    }
    emit();
    assertThat(f.drainPerformance()).isEmpty(); // no new labels, no record
  }

  @Test
  void shouldGiveTheSameOutcomesWhenTheTopicsAreCopartitioned(@TempDir Path other) {
    Labelled l = Labelled.random(31, 200);
    f = fixture(other, Map.of());
    predictAll(l);
    labelRange(l, 0, 200);
    emit();
    Performance repartitioned = last(f.drainPerformance());
    f.close();

    f = fixture(stateDir, Map.of("ground-truth.copartitioned", "true"));
    predictAll(l);
    labelRange(l, 0, 200);
    emit();
    Performance copartitioned = last(f.drainPerformance());

    assertThat(copartitioned).isEqualTo(repartitioned);
    assertThat(total("matched")).isEqualTo(200);
  }

  @Test
  void shouldComputeRegressionErrorsExactly() {
    f = fixture(stateDir, Map.of());
    Random r = new Random(3);
    int n = 150;
    double abs = 0;
    double sq = 0;
    double err = 0;
    double ape = 0;
    int zeros = 0;
    for (int i = 0; i < n; i++) {
      double predicted = r.nextGaussian() * 10;
      double truth = i % 50 == 7 ? 0.0 : predicted + r.nextGaussian(); // three zero truths, left out of MAPE
      f.predictEvent(Map.of("prediction_id", "r" + i, "model_version", "v1", "timestamp", T0 + i,
          "features", Map.of("x", 1.0), "prediction", Map.of("value", predicted)));
      f.truth("r" + i, 1_000 + i, "value", truth);
      abs += Math.abs(predicted - truth);
      sq += (predicted - truth) * (predicted - truth);
      err += predicted - truth;
      if (truth == 0.0) {
        zeros++;
      } else {
        ape += Math.abs(predicted - truth) / Math.abs(truth);
      }
    }
    emit();

    Performance p = last(f.drainPerformance());
    assertThat(p.getLabelledCount()).isEqualTo(n);
    assertThat(p.getMae()).isCloseTo(abs / n, within(1e-9));
    assertThat(p.getRmse()).isCloseTo(Math.sqrt(sq / n), within(1e-9));
    assertThat(p.getBias()).isCloseTo(err / n, within(1e-9));
    assertThat(p.getMapeZeroTruths()).isEqualTo(3L).isEqualTo(zeros);
    assertThat(p.getMape()).isCloseTo(ape / (n - zeros), within(1e-9));
    assertThat(p.getAccuracy()).isNull();
    assertThat(f.scrape().value("ml_model_rmse", "model_name", "fraud", "model_version", "v1", "horizon", "window"))
        .isCloseTo(Math.sqrt(sq / n), within(1e-9));
  }

  @Test
  void shouldShowTheLatestWindowWithEnoughLabelsInTheGauges() {
    f = fixture(stateDir, Map.of("performance.min-labels", "3"));
    for (int i = 0; i < 3; i++) { // window T0: 3 right answers
      f.predictScore("a" + i, "v1", 100 + i, 0.9);
      f.label("a" + i, 5_000 + i, "1");
    }
    for (int i = 0; i < 2; i++) { // window T0 + 10 s: 2 wrong answers, too few labels to show
      f.predictScore("b" + i, "v1", 10_100 + i, 0.9);
      f.label("b" + i, 15_000 + i, "0");
    }
    emit();
    assertThat(f.drainPerformance()).hasSize(2);
    String[] v = {"model_name", "fraud", "model_version", "v1", "horizon", "window"};
    assertThat(f.scrape().value("ml_model_accuracy", v)).isEqualTo(1.0);

    f.predictScore("b2", "v1", 10_200, 0.9);
    f.label("b2", 15_100, "0");
    emit();
    assertThat(f.drainPerformance()).hasSize(1);
    assertThat(f.scrape().value("ml_model_accuracy", v)).isEqualTo(0.0);
    assertThat(f.scrape().value("ml_ground_truth_coverage_ratio", v)).isEqualTo(1.0);
  }

  @Test
  void shouldDropAWindowsPerformanceOnceNoLabelCanReachItAndNeverStartItAgain() {
    f = fixture(stateDir, Map.of());
    f.predictScore("a", "v1", 100, 0.9);
    f.label("a", 200, "1");
    emit();
    assertThat(f.drainPerformance()).hasSize(1);
    var windows = (dev.pqp.topology.store.HeapStore<?, ?>) f.driver.getStateStore(PerformanceAggregator.WINDOWS);
    assertThat(windows.size()).isEqualTo(1);

    f.label("z", 69_999, "1"); // the window [0, 10 s) + 1 min max delay: one millisecond short
    emit();
    assertThat(windows.size()).isEqualTo(1);
    f.label("z2", 70_000, "1"); // the join reports labels at 70 s: no prediction of the window waits
    emit();
    assertThat(windows.size()).isZero();
    assertThat(f.drainPerformance()).isEmpty();

    f.predictScore("late", "v1", 5_000, 0.9); // after its own expiry: expired at once, not a new window
    f.predictScore("next", "v1", 80_000, 0.9);
    emit();
    assertThat(total("expired")).isEqualTo(1);
    assertThat(windows.size()).isEqualTo(1); // only the new window
    assertThat(f.drainPerformance()).singleElement().satisfies(kv -> { // the new window: counted, no labels yet
      assertThat(kv.key).isEqualTo("fraud/v1/" + (T0 + 80_000));
      assertThat(kv.value.getPredictionCount()).isEqualTo(1);
      assertThat(kv.value.getLabelledCount()).isZero();
    });
  }

  @Test
  void shouldJudgeMulticlassOutcomesIgnoringProbabilitiesOutsideZeroToOne() {
    f = fixture(stateDir, Map.of());
    f.predictEvent(Map.of("prediction_id", "m0", "model_version", "v1", "timestamp", T0 + 1,
        "features", Map.of("x", 1.0), "prediction", Map.of("probabilities", Map.of("a", 1.5, "b", 0.6, "c", 0.4))));
    f.predictEvent(Map.of("prediction_id", "m1", "model_version", "v1", "timestamp", T0 + 2,
        "features", Map.of("x", 1.0), "prediction", Map.of("probabilities", Map.of("a", 0.7, "b", 0.3))));
    f.label("m0", 100, "b");
    f.label("m1", 100, "b");
    emit();

    Performance p = last(f.drainPerformance());
    assertThat(p.getLabelledCount()).isEqualTo(2);
    assertThat(p.getAccuracy()).isEqualTo(0.5); // m0 predicts b (a's 1.5 is left out), m1 predicts a
    assertThat(p.getClassRecall()).containsExactlyEntriesOf(Map.of("b", 0.5));
    assertThat(total("matched")).isEqualTo(2);
  }

  @Test
  void shouldKeepTheFirstOfTwoPredictionsWithOneIdAndCountTheSecond() {
    f = fixture(stateDir, Map.of());
    f.predictScore("a", "v1", 50, 0.9);
    f.predictScore("a", "v1", 60, 0.1); // a retry with another answer: ignored by the join
    f.label("a", 100, "1");
    emit();

    Performance p = last(f.drainPerformance());
    assertThat(p.getAccuracy()).isEqualTo(1.0);
    assertThat(p.getPredictionCount()).isEqualTo(2);
    assertThat(p.getSampledPredictionCount()).isEqualTo(1);
    assertThat(p.getCoverage()).isEqualTo(1.0);
    assertThat(total("duplicate_prediction")).isEqualTo(1);
    assertThat(total("matched")).isEqualTo(1);
  }

  /**
   * Upstream replays a prediction and its label after predictions moved on by more than two of the stores'
   * segments (15 s each at a 1 min max delay): the replayed prediction, still waiting time, is a duplicate
   * and its label too; the window's outcome is counted once.
   */
  @Test
  void shouldCountAReplayedPredictionAndLabelAsDuplicatesSegmentsLater() {
    f = fixture(stateDir, Map.of());
    f.predictScore("r", "v1", 50, 0.9);
    f.label("r", 100, "1");
    f.predictScore("later", "v1", 40_000, 0.2); // predictions two segments and more past "r"
    f.predictScore("r", "v1", 50, 0.9); // the replay
    f.label("r", 100, "1");
    emit();

    assertThat(total("matched")).isEqualTo(1);
    assertThat(total("duplicate_prediction")).isEqualTo(1);
    assertThat(total("duplicate")).isEqualTo(1);
    Performance p = f.drainPerformance().stream().filter(kv -> kv.key.endsWith("/" + T0)).reduce((a, b) -> b)
        .orElseThrow().value;
    assertThat(p.getLabelledCount()).isEqualTo(1);
  }
}
