package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenjaminiHochbergTest {
  /** The worked example of Benjamini and Hochberg (1995), section 4: 15 p-values, q = 0.05, four discoveries. */
  @Test
  void shouldFindThePapersFourDiscoveries() {
    double[] p = {0.0201, 0.0001, 0.0004, 0.0019, 0.0095, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719,
        0.6528, 0.7590, 1.000};
    assertThat(BenjaminiHochberg.cutoff(p, 0.05)).isEqualTo(0.0095);
  }

  @Test
  void shouldStepUpPastAPValueAboveItsOwnBound() {
    // 0.02 > 1 * 0.05 / 3 on its own, but 0.03 <= 2 * 0.05 / 3 lets both through
    assertThat(BenjaminiHochberg.cutoff(new double[] {0.03, 0.02, 0.9}, 0.05)).isEqualTo(0.03);
    assertThat(BenjaminiHochberg.cutoff(new double[] {0.2, 0.3}, 0.05)).isEqualTo(-1);
    assertThat(BenjaminiHochberg.cutoff(new double[0], 0.05)).isEqualTo(-1);
  }
}
