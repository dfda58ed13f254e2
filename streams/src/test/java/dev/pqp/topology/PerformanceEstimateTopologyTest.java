package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.schema.Performance;
import dev.pqp.stream.Windows;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Performance estimated before the labels come (CBPE), rolling horizons and the positive-class setting,
 * on the whole topology. Windows are 10 s. Expected figures are computed here from the raw scores and
 * the labels the test draws, sent or withheld.
 */
class PerformanceEstimateTopologyTest extends DriftFixtureTest {
  private static final Map<String, String> SETTINGS = Map.of("ground-truth.enabled", "true",
      "ground-truth.max-delay", "10m", "performance.min-labels", "100");
  private static final int N = 5_000;
  private static final String[] V1 = {"model_name", "fraud", "model_version", "v1"};

  private void start(Map<String, String> more) {
    Map<String, String> all = new HashMap<>(SETTINGS);
    all.putAll(more);
    f = new DriftFixture(stateDir, all);
  }

  /** Lets the join hand its prediction counts over (every second), then the aggregation emit. */
  private void emit() {
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(Duration.ofSeconds(31));
  }

  /** N predictions of a window, scores uniform in [lo, hi], labels drawn as Bernoulli(score): calibrated. */
  private record Batch(String prefix, long offsetMs, double[] scores, boolean[] positive) {
    static Batch draw(String prefix, long offsetMs, long seed, double lo, double hi) {
      Random r = new Random(seed);
      double[] s = new double[N];
      boolean[] y = new boolean[N];
      for (int i = 0; i < N; i++) {
        s[i] = lo + (hi - lo) * r.nextDouble();
        y[i] = r.nextDouble() < s[i];
      }
      return new Batch(prefix, offsetMs, s, y);
    }

    double accuracy() {
      int right = 0;
      for (int i = 0; i < N; i++) {
        right += (scores[i] >= 0.5) == positive[i] ? 1 : 0;
      }
      return (double) right / N;
    }
  }

  private void predict(Batch b) {
    for (int i = 0; i < N; i++) {
      f.predictScore(b.prefix() + i, "v1", b.offsetMs() + i, b.scores()[i]);
    }
  }

  private void label(Batch b, long atMs, String positive, String negative) {
    for (int i = 0; i < N; i++) {
      f.label(b.prefix() + i, atMs + i, b.positive()[i] ? positive : negative);
    }
  }

  private static Performance last(List<KeyValue<String, Performance>> records, long windowOffsetMs) {
    String key = "fraud/v1/" + (T0 + windowOffsetMs);
    return records.stream().filter(kv -> kv.key.equals(key)).reduce((a, b) -> b).orElseThrow().value;
  }

  @Test
  void shouldEstimateUnlabelledWindowsFromTheCalibrationAndFallUnderCovariateShift() {
    start(Map.of());
    Batch labelled = Batch.draw("a", 0, 1, 0, 1);
    Batch unlabelled = Batch.draw("b", 10_000, 2, 0, 1);
    Batch shifted = Batch.draw("c", 20_000, 3, 0.3, 0.7); // scores near 0.5: lower accuracy
    predict(labelled);
    predict(unlabelled);
    predict(shifted);
    label(labelled, 30_000, "1", "0");
    emit();

    List<KeyValue<String, Performance>> out = f.drainPerformance();
    Performance first = last(out, 0);
    assertThat(first.getEstimated()).isFalse();
    assertThat(first.getAccuracy()).isCloseTo(labelled.accuracy(), within(1e-9));
    Performance estimated = last(out, 10_000);
    assertThat(estimated.getEstimated()).isTrue();
    assertThat(estimated.getLabelledCount()).isZero();
    assertThat(estimated.getPredictionCount()).isEqualTo(N);
    assertThat(estimated.getAccuracy()).isCloseTo(unlabelled.accuracy(), within(0.02));
    assertThat(estimated.getPrecision()).isNull(); // only labels give it
    Performance shiftedEstimate = last(out, 20_000);
    assertThat(shiftedEstimate.getEstimated()).isTrue();
    assertThat(shifted.accuracy()).isLessThan(unlabelled.accuracy() - 0.1);
    assertThat(shiftedEstimate.getAccuracy()).isCloseTo(shifted.accuracy(), within(0.02))
        .isLessThan(estimated.getAccuracy() - 0.1);

    var e = f.scrape(); // the estimate of the latest window, the realized figures of the latest labelled one
    assertThat(e.value("ml_model_estimated_accuracy", "model_version", "v1", "method", "cbpe", "horizon", "window"))
        .isEqualTo(shiftedEstimate.getAccuracy());
    assertThat(e.value("ml_model_estimated_roc_auc", "model_version", "v1", "method", "cbpe")).isBetween(0.5, 1.0);
    assertThat(e.value("ml_model_accuracy", "model_version", "v1", "horizon", "window")).isEqualTo(first.getAccuracy());

    label(unlabelled, 40_000, "1", "0"); // the labels come: realized figures replace the estimate
    emit();
    Performance realized = last(f.drainPerformance(), 10_000);
    assertThat(realized.getEstimated()).isFalse();
    assertThat(realized.getLabelledCount()).isEqualTo(N);
    assertThat(realized.getAccuracy()).isCloseTo(unlabelled.accuracy(), within(1e-9));
    assertThat(realized.getPrecision()).isNotNull();
  }

  @Test
  void shouldWithholdTheEstimateWhileTheCalibrationIsThin() {
    start(Map.of("performance.estimate.min-labels-per-bucket", "1000"));
    Batch labelled = Batch.draw("a", 0, 1, 0, 1); // ~500 labels per bucket: below 1000
    Batch unlabelled = Batch.draw("b", 10_000, 2, 0, 1);
    predict(labelled);
    predict(unlabelled);
    label(labelled, 30_000, "1", "0");
    emit();

    Performance p = last(f.drainPerformance(), 10_000);
    assertThat(p.getEstimated()).isFalse();
    assertThat(p.getAccuracy()).isNull();
    assertThat(f.scrape().all("ml_model_estimated_accuracy")).isEmpty();
  }

  @Test
  void shouldReportRollingHorizonsOverTheWindowsThatStartedWithinThem() {
    start(Map.of("performance.horizons", "1m,10m", "ground-truth.positive-label", "Fraud"));
    Batch old = Batch.draw("a", 0, 1, 0, 1);
    Batch recent = Batch.draw("b", 70_000, 2, 0.2, 0.9);
    predict(old);
    predict(recent);
    label(old, 80_000, "FRAUD", "ok"); // stream time ends near 85 s: the 1m horizon starts near 25 s
    label(recent, 80_000, "fraud", "ok");
    emit();

    var e = f.scrape();
    assertThat(e.value("ml_model_accuracy", concat(V1, "horizon", "1m"))).isCloseTo(recent.accuracy(), within(1e-9));
    double both = (old.accuracy() + recent.accuracy()) / 2; // equal counts
    assertThat(e.value("ml_model_accuracy", concat(V1, "horizon", "10m"))).isCloseTo(both, within(1e-9));
    assertThat(e.value("ml_ground_truth_coverage_ratio", concat(V1, "horizon", "10m"))).isEqualTo(1.0);
    assertThat(e.value("ml_model_accuracy", concat(V1, "horizon", "window"))).isCloseTo(recent.accuracy(), within(1e-9));
    assertThat(e.value("ml_model_accuracy", concat(V1, "horizon", "24h"))).isNull(); // not configured
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
