package dev.pqp.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NumericProfileTest {
  private static final double[] RANKS = {0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1.0};

  /** Fraction of values <= v, the inclusive rank the sketch's getQuantile inverts. */
  static double exactRank(double[] sorted, double v) {
    int i = Arrays.binarySearch(sorted, v);
    if (i < 0) {
      return (double) (-i - 1) / sorted.length;
    }
    while (i + 1 < sorted.length && sorted[i + 1] == v) {
      i++;
    }
    return (double) (i + 1) / sorted.length;
  }

  @Test
  void shouldGiveQuantilesWithinTheNormalizedRankErrorOfExactRanks() {
    SplittableRandom r = new SplittableRandom(7);
    double[] xs = r.doubles(500_000).map(u -> Math.exp(3 * r.nextGaussian())).toArray(); // heavy right tail
    NumericProfile p = new NumericProfile(200);
    for (double x : xs) {
      p.update(x, false);
    }
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    double eps = p.normalizedRankError();

    assertThat(eps).isBetween(0.005, 0.02);
    for (double q : RANKS) {
      assertThat(exactRank(sorted, p.quantile(q))).as("rank of quantile(%s)", q).isCloseTo(q,
          org.assertj.core.api.Assertions.within(eps));
    }
    assertThat(p.quantile(0.0)).isEqualTo(sorted[0]);
    assertThat(p.quantile(1.0)).isEqualTo(sorted[sorted.length - 1]);
    assertThat(p.count()).isEqualTo(500_000);
  }

  @Test
  void shouldCountMissingInvalidAndOutOfRangeAndKeepThemOutOfTheStatistics() {
    NumericProfile p = new NumericProfile(200);
    FeatureBounds above10 = new FeatureBounds() {
      @Override
      public boolean outOfRange(String feature, double value) {
        return value > 10;
      }

      @Override
      public boolean unseen(String feature, String category) {
        return false;
      }
    };
    p.add("x", 1.0, above10);
    p.add("x", 20L, above10);
    p.add("x", null, above10);
    p.add("x", "3.5", above10); // a string where a number was expected
    p.add("x", true, above10);
    p.add("x", Double.NaN, above10);
    p.add("x", Double.POSITIVE_INFINITY, above10);
    p.add("x", 11.0, above10);

    assertThat(p.count()).isEqualTo(3);
    assertThat(p.missing()).isEqualTo(1);
    assertThat(p.invalid()).isEqualTo(4);
    assertThat(p.outOfRange()).isEqualTo(2);
    assertThat(p.total()).isEqualTo(8);
    assertThat(p.moments().mean()).isEqualTo(32.0 / 3);
    assertThat(p.sketch().getN()).isEqualTo(3);
    assertThat(p.quantile(1.0)).isEqualTo(20.0);
  }

  @Test
  void shouldMergeCountsMomentsAndSketchesInPlaceLeavingTheOtherUnchanged() {
    NumericProfile a = new NumericProfile(200);
    NumericProfile b = new NumericProfile(200);
    for (int i = 0; i < 1_000; i++) {
      a.update(i, false);
      b.update(1_000 + i, i % 10 == 0);
    }
    b.addMissing(5);
    a.merge(b);

    assertThat(a.count()).isEqualTo(2_000);
    assertThat(a.missing()).isEqualTo(5);
    assertThat(a.outOfRange()).isEqualTo(100);
    assertThat(a.moments().mean()).isEqualTo(999.5);
    assertThat(a.quantile(1.0)).isEqualTo(1_999.0);
    assertThat(b.count()).isEqualTo(1_000);
    assertThat(b.sketch().getN()).isEqualTo(1_000);
  }

  @Test
  void shouldRejectMergingAnotherKind() {
    assertThatThrownBy(() -> new NumericProfile(200).merge(new CategoricalProfile(FeatureKind.BOOLEAN, 10, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("BOOLEAN");
  }

  @Test
  void shouldCopyDeeply() {
    NumericProfile a = new NumericProfile(200);
    a.update(1, false);
    NumericProfile c = a.copy();
    a.update(2, false);
    assertThat(c.count()).isEqualTo(1);
    assertThat(c.sketch().getN()).isEqualTo(1);
  }
}
