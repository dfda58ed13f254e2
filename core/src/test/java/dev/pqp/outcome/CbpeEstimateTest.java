package dev.pqp.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/** Estimates on a calibrated model (labels drawn Bernoulli(score)) against the realized figures. */
class CbpeEstimateTest {
  private static final int N = 10_000;
  private final SplittableRandom random = new SplittableRandom(42);

  /** Realized accuracy and the 10-bucket histogram of one unlabelled window, and its labels. */
  private record Window(long[] histogram, double accuracy) {}

  private Window draw(DoubleUnaryOperator shape, Calibration learnInto) {
    long[] histogram = new long[10];
    long correct = 0;
    for (int i = 0; i < N; i++) {
      double score = shape.applyAsDouble(random.nextDouble());
      boolean positive = random.nextDouble() < score;
      histogram[Math.min(9, (int) Math.floor(score * 10))]++;
      correct += (score >= 0.5) == positive ? 1 : 0;
      if (learnInto != null) {
        learnInto.add(score, positive);
      }
    }
    return new Window(histogram, (double) correct / N);
  }

  private Calibration calibration() {
    Calibration calibration = new Calibration();
    draw(u -> u, calibration);
    return calibration;
  }

  @Test
  void shouldEstimateAccuracyWithinTwoPointsOfTheRealized() {
    Calibration calibration = calibration();
    Window window = draw(u -> u, null);
    CbpeEstimate estimate = CbpeEstimate.of(calibration, window.histogram(), 30).orElseThrow();

    System.out.printf(Locale.ROOT, "CBPE uniform: estimated %.4f realized %.4f f1 %.4f auc %.4f%n",
        estimate.accuracy(), window.accuracy(), estimate.f1(), estimate.rocAuc());
    assertThat(estimate.count()).isEqualTo(N);
    assertThat(estimate.accuracy()).isCloseTo(window.accuracy(), within(0.02));
    assertThat(estimate.f1()).isCloseTo(0.75, within(0.02)); // E[TP] = 3/8 n, E[FP] = E[FN] = 1/8 n
    // exact AUC of uniform scores with Bernoulli(score) labels is 5/6; tying within buckets costs a little
    assertThat(estimate.rocAuc()).isBetween(0.80, 5.0 / 6);
  }

  @Test
  void shouldFallWithTheRealizedAccuracyUnderCovariateShift() {
    Calibration calibration = calibration();
    Window before = draw(u -> u, null);
    Window shifted = draw(u -> 0.5 + (u - 0.5) * 0.3, null);
    double estBefore = CbpeEstimate.of(calibration, before.histogram(), 30).orElseThrow().accuracy();
    CbpeEstimate after = CbpeEstimate.of(calibration, shifted.histogram(), 30).orElseThrow();

    System.out.printf(Locale.ROOT, "CBPE shifted: estimated %.4f realized %.4f (before: %.4f / %.4f)%n",
        after.accuracy(), shifted.accuracy(), estBefore, before.accuracy());
    assertThat(shifted.accuracy()).isLessThan(before.accuracy() - 0.1);
    assertThat(after.accuracy()).isLessThan(estBefore - 0.1);
    assertThat(after.accuracy()).isCloseTo(shifted.accuracy(), within(0.03));
  }

  @Test
  void shouldWithholdTheEstimateWhenTheCalibrationHasTooFewLabels() {
    Calibration thin = new Calibration();
    for (int i = 0; i < 200; i++) {
      thin.add(random.nextDouble(), random.nextBoolean()); // about 20 a bucket, fewer than 30
    }
    Calibration lopsided = new Calibration();
    for (int i = 0; i < 5_000; i++) {
      lopsided.add(0.5 * random.nextDouble(), random.nextBoolean()); // nothing above 0.5
    }
    long[] histogram = draw(u -> u, null).histogram();

    assertThat(CbpeEstimate.of(thin, histogram, 30)).isEmpty();
    assertThat(CbpeEstimate.of(lopsided, histogram, 30)).isEmpty();
    assertThat(CbpeEstimate.of(lopsided, new long[] {5, 5, 5, 5, 5, 0, 0, 0, 0, 0}, 30)).isPresent();
    // one prediction in a thousand where no label was seen: estimated, that bucket taken as calibrated
    CbpeEstimate mostlyKnown = CbpeEstimate.of(lopsided, new long[] {200, 200, 200, 200, 199, 0, 0, 0, 0, 1}, 30)
        .orElseThrow();
    CbpeEstimate known = CbpeEstimate.of(lopsided, new long[] {200, 200, 200, 200, 199, 0, 0, 0, 0, 0}, 30)
        .orElseThrow();
    assertThat(mostlyKnown.accuracy()).isCloseTo(known.accuracy(), within(0.001));
    assertThat(CbpeEstimate.of(lopsided, new long[] {200, 200, 200, 200, 189, 0, 0, 0, 0, 11}, 30)).isEmpty();
    assertThat(CbpeEstimate.of(calibration(), new long[10], 30)).isEmpty();
  }
}
