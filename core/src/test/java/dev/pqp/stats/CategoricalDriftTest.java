package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Categorical statistics against values worked out by hand from the counts. */
class CategoricalDriftTest {

  private static final double EXACT = 1e-12;
  // reference shares a .5 b .3 c .2 d 0; current a .4 b .3 c .2 d .1
  private static final CategoryCounts REF = CategoryCounts.of(Map.of("a", 500L, "b", 300L, "c", 200L));
  private static final CategoryCounts CUR = CategoryCounts.of(Map.of("a", 400L, "b", 300L, "c", 200L, "d", 100L));

  @Test
  void shouldComputePsiWithEpsilonForUnseenCategory() {
    PsiResult psi = CategoricalDrift.psi(REF, CUR);
    double expected = (0.4 - 0.5) * Math.log(0.4 / 0.5) + (0.1 - 1e-4) * Math.log(0.1 / 1e-4);
    assertThat(psi.value()).isCloseTo(expected, within(EXACT));
    assertThat(psi.labels()).containsExactly("a", "b", "c", "d");
    assertThat(psi.movers(1).get(0)).isEqualTo(new PsiResult.Mover("d", 0.0, 0.1, (0.1 - 1e-4) * Math.log(1000)));
  }

  @Test
  void shouldComputeJensenShannonAndLInfinity() {
    // M = (.45, .3, .2, .05)
    double jsd = 0.5 * 0.5 * Math.log(0.5 / 0.45) + 0.5 * (0.4 * Math.log(0.4 / 0.45) + 0.1 * Math.log(0.1 / 0.05));
    assertThat(CategoricalDrift.jensenShannon(REF, CUR)).isCloseTo(Math.sqrt(jsd / Math.log(2)), within(EXACT));
    assertThat(CategoricalDrift.lInfinity(REF, CUR)).isCloseTo(0.1, within(EXACT));
  }

  @Test
  void shouldCompareOtherBucketsAsOneCategory() {
    CategoryCounts ref = new CategoryCounts(Map.of("a", 75L), 25);
    CategoryCounts cur = new CategoryCounts(Map.of("a", 50L), 50);
    AlignedCounts aligned = AlignedCounts.of(ref, cur);
    assertThat(aligned.labels()).containsExactly("a", CategoryCounts.OTHER);
    assertThat(aligned.currentShares()).containsExactly(0.5, 0.5);
    assertThat(CategoricalDrift.lInfinity(ref, cur)).isCloseTo(0.25, within(EXACT));
    double psi = (0.5 - 0.75) * Math.log(0.5 / 0.75) + (0.5 - 0.25) * Math.log(0.5 / 0.25);
    assertThat(CategoricalDrift.psi(ref, cur).value()).isCloseTo(psi, within(EXACT));
  }

  @Test
  void shouldRejectEmptySidesAndReservedLabel() {
    assertThatThrownBy(() -> CategoricalDrift.psi(REF, CategoryCounts.of(Map.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CategoryCounts.of(Map.of(CategoryCounts.OTHER, 1L)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CategoryCounts.of(Map.of("a", -1L))).isInstanceOf(IllegalArgumentException.class);
  }
}
