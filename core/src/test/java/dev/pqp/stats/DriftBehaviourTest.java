package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.stats.DriftCalibration.Row;
import dev.pqp.stats.DriftMethod.FeatureType;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method at its default threshold: at most 1% of 500 stationary windows (10,000 fresh draws
 * each against a 100,000-draw reference) flagged, and every first window of a 0.5-sigma mean shift
 * flagged, for a normal numeric feature and a 20-category feature bucketed from it.
 */
class DriftBehaviourTest {

  private static DriftCalibration.Result result;

  @BeforeAll
  static void simulate() {
    result = DriftCalibration.run(20_240_601L, 500, 10_000);
    System.out.print(result);
  }

  static Stream<Row> rows() {
    return result.rows().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shouldFlagAtMostOnePercentOfStationaryWindows(Row row) {
    assertThat(row.falsePositiveRate()).isLessThanOrEqualTo(0.01);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shouldFlagHalfSigmaShiftInItsFirstWindow(Row row) {
    assertThat(row.detectionRate()).isEqualTo(1.0);
  }

  @Test
  void shouldCoverEveryMethodForEachTypeItAppliesTo() {
    for (DriftMethod method : DriftMethod.values()) {
      for (FeatureType type : FeatureType.values()) {
        assertThat(result.row(method, type) != null).as(method + " " + type).isEqualTo(method.appliesTo(type));
      }
    }
  }

  @Test
  void shouldSeeBinnedPsiNearPointTwoFourForTheShift() {
    assertThat(result.row(DriftMethod.PSI, FeatureType.NUMERIC).meanShifted()).isBetween(0.22, 0.27);
  }

  @Test
  void shouldRepeatCategoricalRowsForASeedAndPrintATable() {
    // numeric rows vary slightly: KLL compaction draws from DataSketches' own unseeded Random
    DriftCalibration.Result a = DriftCalibration.run(7, 3, 500);
    DriftCalibration.Result b = DriftCalibration.run(7, 3, 500);
    for (DriftMethod method : DriftMethod.values()) {
      assertThat(a.row(method, FeatureType.CATEGORICAL)).isEqualTo(b.row(method, FeatureType.CATEGORICAL));
    }
    assertThat(result.toString()).contains("CHI_SQUARE", "WASSERSTEIN", "L_INFINITY", "FPR");
  }
}
