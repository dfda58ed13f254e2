package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * The homogeneity test against hand-built 2 x k tables. Expected p-values use closed forms: for 1
 * degree of freedom {@code P(X > x) = erfc(sqrt(x / 2))}, for 2 {@code exp(-x / 2)}.
 */
class ChiSquareTest {

  private static double cell(double observed, double expected) {
    return (observed - expected) * (observed - expected) / expected;
  }

  @Test
  void shouldTestTwoByTwoTable() {
    ChiSquareResult r = ChiSquare.test(
        CategoryCounts.of(Map.of("a", 60L, "b", 40L)), CategoryCounts.of(Map.of("a", 30L, "b", 70L)));
    // columns a 90, b 110 of N 200; each side expects 45 and 55
    double stat = 2 * (cell(60, 45) + cell(40, 55));
    assertThat(r.statistic()).isCloseTo(stat, within(1e-12));
    assertThat(r.degreesOfFreedom()).isEqualTo(1);
    assertThat(r.pValue()).isCloseTo(Erf.erfc(Math.sqrt(stat / 2)), within(1e-12));
    assertThat(r.effectSize()).isCloseTo(Math.sqrt(stat * 200 / (100.0 * 100)), within(1e-12));
    assertThat(r.mergedCategories()).isEmpty();
    assertThat(DriftMethod.CHI_SQUARE.isDrift(r.driftScore())).isTrue();
  }

  @Test
  void shouldMergeCategoriesWithSmallExpectedCountsSmallestFirst() {
    CategoryCounts ref = CategoryCounts.of(Map.of("a", 1000L, "b", 995L, "x", 3L, "y", 2L));
    CategoryCounts cur = CategoryCounts.of(Map.of("a", 900L, "b", 1087L, "x", 1L, "y", 3L, "z", 9L));
    ChiSquareResult r = ChiSquare.test(ref, cur);
    // N = 4000, each side 2000, so a bin needs a column of 10: x (4), y (5), z (9) pool into 18
    double stat = cell(1000, 950) + cell(900, 950) + cell(995, 1041) + cell(1087, 1041) + cell(5, 9) + cell(13, 9);
    assertThat(r.mergedCategories()).containsExactly("x", "y", "z");
    assertThat(r.degreesOfFreedom()).isEqualTo(2);
    assertThat(r.statistic()).isCloseTo(stat, within(1e-12));
    assertThat(r.pValue()).isCloseTo(Math.exp(-stat / 2), within(1e-12));
  }

  @Test
  void shouldNotTurnTinyDifferenceInHugeSampleIntoDrift() {
    ChiSquareResult r = ChiSquare.test(
        CategoryCounts.of(Map.of("a", 500_000L, "b", 500_000L)),
        CategoryCounts.of(Map.of("a", 505_000L, "b", 495_000L)));
    double stat = 2 * (cell(500_000, 502_500) + cell(500_000, 497_500));
    assertThat(r.statistic()).isCloseTo(stat, within(1e-9));
    assertThat(r.pValue()).isLessThan(1e-10);
    assertThat(r.effectSize()).isCloseTo(0.01, within(1e-6));
    assertThat(r.driftScore()).isEqualTo(1.0);
    assertThat(DriftMethod.CHI_SQUARE.isDrift(r.driftScore())).isFalse();
  }

  @Test
  void shouldReportNothingTestableForOneCategory() {
    ChiSquareResult r = ChiSquare.test(CategoryCounts.of(Map.of("a", 5L)), CategoryCounts.of(Map.of("a", 7L)));
    assertThat(r.degreesOfFreedom()).isZero();
    assertThat(r.pValue()).isEqualTo(1.0);
  }
}
