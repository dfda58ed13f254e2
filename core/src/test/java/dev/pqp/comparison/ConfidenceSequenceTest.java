package dev.pqp.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Simulations of a challenger against its champion, looked at after every window: A/A runs (both versions drawn
 * from one distribution) count how many runs ever declare a difference, which must stay at or below the error
 * (5 %) however many windows are looked at; A/B runs count how many detect a real one. The naive interval (the
 * estimate +- 1.96 standard errors, valid for one look) is counted beside, on the same runs, to show what looking
 * after every window does to it.
 */
class ConfidenceSequenceTest {
  private static final double ALPHA = 0.05;
  private static final int RUNS = 400;
  private static final int WINDOWS = 200;

  /** Per-window values of one version: Bernoulli(p) correctness, or exponential losses of mean {@code p}. */
  private static Moments window(SplittableRandom r, int n, double p, boolean bernoulli) {
    Moments m = Moments.EMPTY;
    for (int i = 0; i < n; i++) {
      m = m.plus(bernoulli ? (r.nextDouble() < p ? 1 : 0) : -p * Math.log(1 - r.nextDouble()));
    }
    return m;
  }

  /** [runs that ever declared a difference, runs that ever did with the naive interval, runs declaring "worse"]. */
  private static int[] simulate(long seed, double pChampion, double pChallenger, int nChampion, int nChallenger,
      boolean bernoulli, boolean higherIsBetter) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] counts = new int[3];
    for (int run = 0; run < RUNS; run++) {
      Moments a = Moments.EMPTY;
      Moments b = Moments.EMPTY;
      boolean declared = false;
      boolean naive = false;
      boolean worse = false;
      for (int w = 0; w < WINDOWS; w++) {
        a = a.plus(window(r, nChampion, pChampion, bernoulli));
        b = b.plus(window(r, nChallenger, pChallenger, bernoulli));
        Comparison c = Comparison.of("m", higherIsBetter, a, b, ALPHA, ConfidenceSequence.DEFAULT_TUNED_FOR);
        declared |= c.verdict() != Comparison.Verdict.NO_DIFFERENCE_DETECTED_YET;
        worse |= c.verdict() == Comparison.Verdict.WORSE;
        double se = Math.sqrt(a.variance() / a.n() + b.variance() / b.n());
        naive |= Math.abs(b.mean() - a.mean()) > 1.96 * se;
      }
      counts[0] += declared ? 1 : 0;
      counts[1] += naive ? 1 : 0;
      counts[2] += worse ? 1 : 0;
    }
    return counts;
  }

  @Test
  void shouldDeclareAFalseDifferenceInAtMostFivePercentOfRunsLookedAtAfterEveryWindow() {
    int[] equal = simulate(1, 0.8, 0.8, 100, 100, true, true);
    int[] skewed = simulate(2, 0.8, 0.8, 180, 20, true, true); // the challenger gets a tenth of the traffic
    int[] losses = simulate(3, 0.4, 0.4, 100, 100, false, false); // a continuous, skewed metric
    System.out.printf(Locale.ROOT, "A/A over %d windows, %d runs: ever declared %d (naive interval %d); a tenth of "
        + "the traffic: %d (%d); exponential losses: %d (%d)%n", WINDOWS, RUNS, equal[0], equal[1], skewed[0],
        skewed[1], losses[0], losses[1]);
    for (int[] c : new int[][] {equal, skewed, losses}) {
      assertThat(c[0]).as("runs that ever declared a difference").isLessThanOrEqualTo((int) (ALPHA * RUNS));
      assertThat(c[1]).as("the naive interval looked at after every window").isGreaterThan((int) (3 * ALPHA * RUNS));
    }
  }

  @Test
  void shouldDetectARealDifferenceAndNameItsDirection() {
    int[] worse = simulate(4, 0.80, 0.76, 100, 100, true, true); // accuracy 4 points lower
    int[] better = simulate(5, 0.40, 0.36, 100, 100, false, false); // a loss 10 % lower
    System.out.printf(Locale.ROOT, "A/B over %d windows, %d runs: accuracy -4 points declared in %d, worse in %d; "
        + "loss -10 %% declared in %d, worse in %d%n", WINDOWS, RUNS, worse[0], worse[2], better[0], better[2]);
    assertThat(worse[0]).as("accuracy 4 points lower, detected").isGreaterThanOrEqualTo(RUNS * 95 / 100);
    assertThat(worse[2]).as("and called worse").isEqualTo(worse[0]);
    assertThat(better[0]).as("a loss 10 % lower, detected").isGreaterThanOrEqualTo(RUNS * 80 / 100);
    assertThat(better[2]).as("never called worse").isZero();
  }

  @Test
  void shouldKeepTheIntervalOpenWithoutValuesAndNarrowItAsTheyCome() {
    assertThat(ConfidenceSequence.difference(Moments.bernoulli(1, 1), Moments.bernoulli(50, 40), ALPHA, 10_000)
        .excludesZero()).isFalse();
    ConfidenceSequence.Interval perfect = ConfidenceSequence.difference(Moments.bernoulli(20, 20),
        Moments.bernoulli(20, 20), ALPHA, 10_000);
    assertThat(perfect.lower()).isLessThan(0);
    assertThat(perfect.upper()).isGreaterThan(0);
    double previous = Double.POSITIVE_INFINITY;
    for (long n : new long[] {100, 1_000, 10_000, 100_000}) {
      ConfidenceSequence.Interval i = ConfidenceSequence.difference(Moments.bernoulli(n, n * 8 / 10),
          Moments.bernoulli(n, n * 8 / 10), ALPHA, 10_000);
      assertThat(i.upper() - i.lower()).isLessThan(previous);
      previous = i.upper() - i.lower();
    }
  }

  /**
   * The sample ratio mismatch check: each window routes 500 predictions to the challenger with probability 0.2; held
   * to an expected share of 0.2 after every window, the runs that ever flag a mismatch stay within the error, and a
   * split of 0.19 against an expected 0.2 is flagged.
   */
  @Test
  void shouldFlagASampleRatioMismatchOnlyWhenTheSplitDiffers() {
    int[] fair = srm(6, 0.20, 0.20);
    int[] off = srm(7, 0.19, 0.20);
    System.out.printf(Locale.ROOT, "sample ratio checked after each of %d windows of 500, %d runs: a fair split flagged"
        + " in %d (naive %d), 0.19 against 0.20 in %d%n", WINDOWS, RUNS, fair[0], fair[1], off[0]);
    assertThat(fair[0]).as("fair splits ever flagged").isLessThanOrEqualTo((int) (ALPHA * RUNS));
    assertThat(fair[1]).as("the naive interval looked at after every window").isGreaterThan((int) (3 * ALPHA * RUNS));
    assertThat(off[0]).as("a split one point off, flagged").isGreaterThanOrEqualTo(RUNS * 95 / 100);
  }

  /** [runs that ever flagged the share, runs the naive interval ever did]. */
  private static int[] srm(long seed, double share, double expected) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] counts = new int[2];
    for (int run = 0; run < RUNS; run++) {
      long n = 0;
      long challenger = 0;
      boolean flagged = false;
      boolean naive = false;
      for (int w = 0; w < WINDOWS; w++) {
        for (int i = 0; i < 500; i++) {
          n++;
          challenger += r.nextDouble() < share ? 1 : 0;
        }
        Moments m = Moments.bernoulli(n, challenger);
        ConfidenceSequence.Interval i = ConfidenceSequence.mean(m, ALPHA, ConfidenceSequence.DEFAULT_TUNED_FOR);
        flagged |= expected < i.lower() || expected > i.upper();
        naive |= Math.abs(m.mean() - expected) > 1.96 * Math.sqrt(m.variance() / n);
      }
      counts[0] += flagged ? 1 : 0;
      counts[1] += naive ? 1 : 0;
    }
    return counts;
  }
}
