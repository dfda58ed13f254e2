package dev.pqp.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The summary of 1,000 draws read against counts made here on the raw draws. */
class NullDistributionTest {
  /** 1,000 draws 0.001, 0.002, ..., 1.000, shuffled. */
  private static double[] grid() {
    double[] x = new double[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i + 1) / 1000.0;
    }
    SplittableRandom r = new SplittableRandom(3);
    for (int i = x.length - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      double t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
    return x;
  }

  @Test
  void shouldGiveTheMonteCarloPValueInTheTailAndItsQuantile() {
    NullDistribution d = NullDistribution.of(grid(), 200, 1.0);
    // draws at or above 0.9905: 0.991 ... 1.000, ten of them
    assertThat(d.pValue(0.9905, 200)).isCloseTo(11.0 / 1001, within(1e-12));
    assertThat(d.pValue(0.951, 200)).isCloseTo(51.0 / 1001, within(1e-12));
    // at most 9 draws at or above the 0.99 quantile: the 9th largest, 0.992, whose own p-value is 10 / 1001
    assertThat(d.quantile(0.01, 200)).isEqualTo(0.992);
    assertThat(d.pValue(0.992, 200)).isLessThanOrEqualTo(0.01);
    assertThat(d.pValue(0.991, 200)).isGreaterThan(0.01);
    assertThat(d.pValue(Double.NaN, 200)).isEqualTo(1.0);
    assertThat(d.pValue(0.5, 200)).isCloseTo(0.5, within(0.01));
    assertThat(d.pValue(0.0, 200)).isEqualTo(1.0);
  }

  @Test
  void shouldExtrapolateTheTailPastTheLargestDrawsAndKeepItMonotone() {
    NullDistribution d = NullDistribution.of(grid(), 200, 1.0);
    double previous = 1;
    for (double s = 0.9; s < 1.5; s += 0.01) {
      double p = d.pValue(s, 200);
      assertThat(p).as("score %s", s).isLessThanOrEqualTo(previous).isGreaterThan(0);
      previous = p;
    }
    assertThat(d.pValue(1.5, 200)).isLessThan(1e-6);
    double q = d.quantile(1e-4, 200);
    assertThat(q).isGreaterThan(1.0);
    assertThat(d.pValue(q, 200)).isCloseTo(1e-4, within(1e-6));
  }

  @Test
  void shouldReadAnotherWindowSizeByTheStatisticsScale() {
    NullDistribution psi = NullDistribution.of(grid(), 200, 1.0);
    assertThat(psi.quantile(0.01, 400)).isCloseTo(0.992 / 2, within(1e-12));
    assertThat(psi.pValue(0.9905 / 2, 400)).isCloseTo(11.0 / 1001, within(1e-12));
    NullDistribution ks = NullDistribution.of(grid(), 200, 0.5);
    assertThat(ks.quantile(0.01, 800)).isCloseTo(0.992 / 2, within(1e-12));
  }
}
