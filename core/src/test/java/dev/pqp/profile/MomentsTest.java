package dev.pqp.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MomentsTest {
  private static final double REL = 1e-9;

  /** Exact statistics by two passes over the raw array, the textbook definition. */
  record Exact(double mean, double m2, double min, double max) {
    static Exact of(double[] xs) {
      double mean = Arrays.stream(xs).sum() / xs.length;
      double m2 = Arrays.stream(xs).map(x -> (x - mean) * (x - mean)).sum();
      return new Exact(mean, m2, Arrays.stream(xs).min().orElseThrow(), Arrays.stream(xs).max().orElseThrow());
    }
  }

  private static double[] values(long seed, int n) {
    // offset far from zero with a small spread: where the naive sum-of-squares formula loses digits
    SplittableRandom r = new SplittableRandom(seed);
    return r.doubles(n).map(u -> 1e6 + 10 * r.nextGaussian() + u).toArray();
  }

  private static Moments of(double[] xs, int from, int to) {
    Moments m = new Moments();
    for (int i = from; i < to; i++) {
      m.add(xs[i]);
    }
    return m;
  }

  @Test
  void shouldMatchExactMeanVarianceMinMaxOfRawArray() {
    double[] xs = values(1, 100_000);
    Exact e = Exact.of(xs);
    Moments m = of(xs, 0, xs.length);

    assertThat(m.count()).isEqualTo(100_000);
    assertThat(m.mean()).isCloseTo(e.mean(), withinPercentage(REL * 100));
    assertThat(m.m2()).isCloseTo(e.m2(), withinPercentage(REL * 100));
    assertThat(m.variance()).isCloseTo(e.m2() / (xs.length - 1), withinPercentage(REL * 100));
    assertThat(m.populationVariance()).isCloseTo(e.m2() / xs.length, withinPercentage(REL * 100));
    assertThat(m.stddev()).isCloseTo(Math.sqrt(e.m2() / (xs.length - 1)), withinPercentage(REL * 100));
    assertThat(m.min()).isEqualTo(e.min());
    assertThat(m.max()).isEqualTo(e.max());
  }

  @Test
  void shouldMergeManyPartialsOfRandomSizesIntoTheMomentsOfTheWhole() {
    double[] xs = values(2, 200_000);
    Exact e = Exact.of(xs);
    SplittableRandom r = new SplittableRandom(3);
    Moments merged = new Moments();
    int partials = 0;
    for (int from = 0; from < xs.length; partials++) {
      int to = Math.min(xs.length, from + r.nextInt(0, 5_000)); // empty partials included
      merged.merge(of(xs, from, to));
      from = to;
    }

    assertThat(partials).isGreaterThan(50);
    assertThat(merged.count()).isEqualTo(xs.length);
    assertThat(merged.mean()).isCloseTo(e.mean(), withinPercentage(REL * 100));
    assertThat(merged.m2()).isCloseTo(e.m2(), withinPercentage(REL * 100));
    assertThat(merged.min()).isEqualTo(e.min());
    assertThat(merged.max()).isEqualTo(e.max());
  }

  @Test
  void shouldMergeInAnyTreeShape() {
    double[] xs = values(4, 10_000);
    Moments left = of(xs, 0, 3_000);
    left.merge(of(xs, 3_000, 3_001));
    Moments right = of(xs, 3_001, 10_000);
    right.merge(left);

    Moments whole = of(xs, 0, xs.length);
    assertThat(right.count()).isEqualTo(whole.count());
    assertThat(right.mean()).isCloseTo(whole.mean(), withinPercentage(REL * 100));
    assertThat(right.m2()).isCloseTo(whole.m2(), withinPercentage(REL * 100));
  }

  @Test
  void shouldLeaveTheMergedPartialUnchanged() {
    Moments a = of(new double[] {1, 2, 3}, 0, 3);
    Moments b = of(new double[] {10, 20}, 0, 2);
    a.merge(b);
    assertThat(b.count()).isEqualTo(2);
    assertThat(b.mean()).isEqualTo(15.0);
    assertThat(a.mean()).isCloseTo(36.0 / 5, within(1e-12));
  }

  @Test
  void shouldReportNanForUndefinedStatistics() {
    Moments empty = new Moments();
    assertThat(empty.mean()).isNaN();
    assertThat(empty.min()).isNaN();
    assertThat(empty.populationVariance()).isNaN();
    Moments one = of(new double[] {7}, 0, 1);
    assertThat(one.variance()).isNaN();
    assertThat(one.populationVariance()).isZero();
    assertThat(one.min()).isEqualTo(7.0);
  }

  @Test
  void shouldRestoreAnEmptyStateThatStillTracksMinAndMax() {
    Moments restored = Moments.of(0, Double.NaN, 0, Double.NaN, Double.NaN);
    restored.add(-3);
    assertThat(restored.min()).isEqualTo(-3.0);
    assertThat(restored.max()).isEqualTo(-3.0);
  }
}
