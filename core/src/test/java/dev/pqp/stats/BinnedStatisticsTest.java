package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

/** PSI, Jensen-Shannon, KS and Wasserstein on hand-sized inputs, against values worked out here. */
class BinnedStatisticsTest {

  private static final double LN2 = Math.log(2);

  @Test
  void shouldComputePsiAndNameTheBinsThatMovedMost() {
    PsiResult psi = Psi.compute(List.of("a", "b", "c"), new double[] {0.5, 0.3, 0.2}, new double[] {0.1, 0.3, 0.6}, 1e-4);
    double expected = (0.1 - 0.5) * Math.log(0.1 / 0.5) + 0 + (0.6 - 0.2) * Math.log(0.6 / 0.2);
    assertThat(psi.value()).isCloseTo(expected, within(1e-12));
    assertThat(psi.errorBound()).isZero();
    assertThat(psi.movers(2)).extracting(PsiResult.Mover::label).containsExactly("a", "c");
    assertThat(psi.movers(1).get(0).referenceShare()).isEqualTo(0.5);
  }

  @Test
  void shouldRaiseEmptySharesToEpsilon() {
    PsiResult psi = Psi.compute(List.of("a", "b"), new double[] {1.0, 0.0}, new double[] {0.9, 0.1}, 1e-4);
    double expected = (0.9 - 1.0) * Math.log(0.9) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4);
    assertThat(psi.value()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void shouldComputeJensenShannonDistanceInBits() {
    assertThat(JensenShannon.distance(new double[] {1, 0}, new double[] {0, 1})).isCloseTo(1.0, within(1e-12));
    assertThat(JensenShannon.distance(new double[] {0.5, 0.5}, new double[] {0.5, 0.5})).isZero();
    // P = (1/2, 1/2), Q = (1, 0), M = (3/4, 1/4)
    double jsd = 0.5 * (0.5 * Math.log(0.5 / 0.75) + 0.5 * Math.log(0.5 / 0.25)) + 0.5 * Math.log(1 / 0.75);
    assertThat(JensenShannon.distance(new double[] {0.5, 0.5}, new double[] {1, 0}))
        .isCloseTo(Math.sqrt(jsd / LN2), within(1e-12));
  }

  @Test
  void shouldComputeKsAndWassersteinExactlyOnSmallSketches() {
    KllDoublesSketch ref = sketch(1, 2, 3, 4);
    KllDoublesSketch cur = sketch(3, 4, 5, 6);
    // F_ref - F_cur on [1,2) .. [5,6): 1/4, 1/2, 1/2, 1/2, 1/4 -> sup 1/2, area 2 (the mean shift)
    assertThat(KsDistance.of(ref, cur)).isEqualTo(new Estimate(0.5, 0.0));
    assertThat(Wasserstein.distance(ref, cur).value()).isCloseTo(2.0, within(1e-12));
    assertThat(Wasserstein.normalized(ref, cur, 4.0).value()).isCloseTo(0.5, within(1e-12));
    assertThat(KsDistance.of(ref, ref).value()).isZero();
  }

  private static KllDoublesSketch sketch(double... values) {
    KllDoublesSketch s = KllDoublesSketch.newHeapInstance(200);
    for (double v : values) {
      s.update(v);
    }
    return s;
  }
}
