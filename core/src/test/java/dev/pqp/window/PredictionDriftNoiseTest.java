package dev.pqp.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.DriftSettings;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The prediction mix against the reference is held to its noise at the window's size as a feature is: windows of
 * scores and classes drawn from the reference's own mix are counted, flagged or not, against the threshold alone.
 */
class PredictionDriftNoiseTest {
  private static final WindowEvaluator EVALUATOR = new WindowEvaluator(new DriftEvaluator(DriftSettings.DEFAULT));

  /** A skewed score (a squared uniform) with its predicted class among four of unequal shares. */
  private static Output output(SplittableRandom r, double lift) {
    double u = r.nextDouble();
    double score = Math.min(1, u * u + lift);
    double c = r.nextDouble();
    return new Output(score, c < 0.6 ? "a" : c < 0.85 ? "b" : c < 0.97 ? "c" : "d", null, null);
  }

  private static WindowProfile window(SplittableRandom r, int n, double lift) {
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = 0; i < n; i++) {
      w.add(new Prediction("p" + i, "m", "v1", i, Map.of(), output(r, lift), null, null, null, null), i,
          FeatureBounds.NONE);
    }
    return w;
  }

  @Test
  void shouldFlagFewWindowsDrawnFromTheReferenceMixAndAShiftedOne() {
    SplittableRandom r = new SplittableRandom(17);
    ReferenceBuilder builder = new ReferenceBuilder(ProfileConfig.DEFAULT);
    for (int i = 0; i < 50_000; i++) {
      builder.add(Map.of(), output(r, 0));
    }
    ReferenceProfile reference = builder.build("training", "m", "*", 0);
    int windows = 200;
    for (int n : new int[] {100, 300}) {
      int flagged = 0;
      int thresholdAlone = 0;
      int verdicts = 0;
      for (int i = 0; i < windows; i++) {
        for (PredictionDrift d : EVALUATOR.evaluate("m", "v1", 0, 1, window(r, n, 0), reference, Map.of())
            .predictionDrift()) {
          assertThat(d.threshold()).as(d.target() + " " + d.method()).isNotNull();
          assertThat(d.pValue()).isBetween(0.0, 1.0);
          verdicts++;
          flagged += d.drifted() ? 1 : 0;
          thresholdAlone += d.value() >= (d.method().equals("ks") ? 0.1 : 0.2) ? 1 : 0;
        }
      }
      System.out.printf(Locale.ROOT, "prediction mix, %d events: %d of %d flagged, %d by the threshold alone%n", n,
          flagged, verdicts, thresholdAlone);
      assertThat(verdicts).isEqualTo(3 * windows); // score PSI, score KS, class PSI
      assertThat(flagged).as("%d events", n).isLessThanOrEqualTo(verdicts * 2 / 100);
      if (n == 100) {
        assertThat(thresholdAlone).as("the threshold alone at 100 events").isGreaterThan(verdicts * 5 / 100);
      }
    }
    int shifted = 0;
    for (int i = 0; i < 20; i++) {
      shifted += EVALUATOR.evaluate("m", "v1", 0, 1, window(r, 1_000, 0.2), reference, Map.of()).predictionDrift()
          .stream().filter(d -> d.target().equals("score") && d.drifted()).count() > 0 ? 1 : 0;
    }
    assertThat(shifted).as("windows whose scores rose by 0.2").isEqualTo(20);
  }

  /**
   * Against another window of the version's traffic (a day earlier, another version) both sides are samples: pairs
   * of windows drawn from one mix, of equal and of unequal sizes, are counted.
   */
  @Test
  void shouldFlagFewPairsOfWindowsDrawnFromOneMixAndAShiftedOne() {
    SplittableRandom r = new SplittableRandom(23);
    int pairs = 200;
    for (int[] sizes : new int[][] {{100, 100}, {300, 300}, {100, 3_000}, {1_000, 200}}) {
      int flagged = 0;
      int thresholdAlone = 0;
      int verdicts = 0;
      for (int i = 0; i < pairs; i++) {
        WindowProfile dayBefore = window(r, sizes[1], 0);
        for (PredictionDrift d : EVALUATOR.evaluate("m", "v1", 0, 1, window(r, sizes[0], 0), null,
            Map.of(PredictionDrift.DAY_BEFORE, dayBefore)).predictionDrift()) {
          assertThat(d.baseline()).isEqualTo(PredictionDrift.DAY_BEFORE);
          assertThat(d.threshold()).as(d.target() + " " + d.method()).isNotNull();
          assertThat(d.pValue()).isBetween(0.0, 1.0);
          verdicts++;
          flagged += d.drifted() ? 1 : 0;
          thresholdAlone += d.value() >= (d.method().equals("ks") ? 0.1 : 0.2) ? 1 : 0;
        }
      }
      System.out.printf(Locale.ROOT, "prediction mix against 24h, %d and %d events: %d of %d flagged, %d by the"
          + " threshold alone%n", sizes[0], sizes[1], flagged, verdicts, thresholdAlone);
      assertThat(verdicts).isEqualTo(3 * pairs);
      assertThat(flagged).as("%d and %d events", sizes[0], sizes[1]).isLessThanOrEqualTo(verdicts * 2 / 100);
      if (sizes[0] == 100 && sizes[1] == 100) {
        assertThat(thresholdAlone).as("the threshold alone at 100 and 100").isGreaterThan(verdicts * 10 / 100);
      }
    }
    int shifted = 0;
    for (int i = 0; i < 20; i++) {
      shifted += EVALUATOR.evaluate("m", "v2", 0, 1, window(r, 1_000, 0.2), null,
          Map.of(PredictionDrift.version("v1"), window(r, 1_000, 0))).predictionDrift()
          .stream().filter(d -> d.target().equals("score") && d.drifted()).count() > 0 ? 1 : 0;
    }
    assertThat(shifted).as("windows whose scores rose by 0.2 against another version's").isEqualTo(20);
  }
}
