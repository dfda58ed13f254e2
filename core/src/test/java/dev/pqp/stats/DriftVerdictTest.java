package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.stats.DriftMethod.FeatureType;
import org.junit.jupiter.api.Test;

class DriftVerdictTest {

  @Test
  void shouldDefaultToPsiAtPointTwoForBothTypes() {
    assertThat(DriftMethod.DEFAULT_PRIMARY).isEqualTo(DriftMethod.PSI);
    assertThat(DriftMethod.PSI.defaultThreshold()).isEqualTo(0.2);
    assertThat(DriftMethod.PSI.appliesTo(FeatureType.NUMERIC)).isTrue();
    assertThat(DriftMethod.PSI.appliesTo(FeatureType.CATEGORICAL)).isTrue();
    assertThat(DriftMethod.PSI.isDrift(0.2)).isTrue();
    assertThat(DriftMethod.PSI.isDrift(0.1999)).isFalse();
  }

  @Test
  void shouldKnowWhichTypesEachMethodAppliesTo() {
    assertThat(DriftMethod.KS.appliesTo(FeatureType.CATEGORICAL)).isFalse();
    assertThat(DriftMethod.WASSERSTEIN.appliesTo(FeatureType.CATEGORICAL)).isFalse();
    assertThat(DriftMethod.L_INFINITY.appliesTo(FeatureType.NUMERIC)).isFalse();
    assertThat(DriftMethod.CHI_SQUARE.appliesTo(FeatureType.NUMERIC)).isFalse();
    assertThat(DriftMethod.JENSEN_SHANNON.appliesTo(FeatureType.NUMERIC)).isTrue();
  }

  @Test
  void shouldFlagChiSquareWhenScoreIsBelowThreshold() {
    assertThat(DriftMethod.CHI_SQUARE.direction()).isEqualTo(DriftMethod.Direction.BELOW);
    assertThat(DriftMethod.CHI_SQUARE.isDrift(0.009)).isTrue();
    assertThat(DriftMethod.CHI_SQUARE.isDrift(0.01)).isFalse();
    assertThat(DriftMethod.KS.isDrift(Double.NaN)).isFalse();
    assertThat(DriftMethod.CHI_SQUARE.isDrift(Double.NaN)).isFalse();
  }

  @Test
  void shouldDeclareDatasetDriftedWhenHalfTheFeaturesDrift() {
    assertThat(DatasetDrift.of(2, 4)).isEqualTo(new DatasetDrift(4, 2, 0.5, 0.5, true));
    assertThat(DatasetDrift.of(1, 4).drifted()).isFalse();
    assertThat(DatasetDrift.of(1, 4, 0.25).drifted()).isTrue();
    assertThat(DatasetDrift.of(0, 0).drifted()).isFalse();
    assertThatThrownBy(() -> DatasetDrift.of(3, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DatasetDrift.of(1, 2, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
