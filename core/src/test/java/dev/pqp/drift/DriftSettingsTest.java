package dev.pqp.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.stats.DatasetDrift;
import dev.pqp.stats.DriftMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftSettingsTest {
  private static DriftSettings with(double threshold, Map<String, Double> overrides) {
    return new DriftSettings(DriftMethod.PSI, DriftMethod.PSI, threshold, overrides, 10, 100,
        DatasetDrift.DEFAULT_SHARE_THRESHOLD, 20, 0.01, 0.05);
  }

  @Test
  void shouldUseTheMostSpecificThresholdModelFeatureThenFeatureThenModelThenGlobalThenMethodDefault() {
    DriftSettings s = with(0.3, Map.of("claims/age", 0.5, "age", 0.4, "claims", 0.35, "income", 0.25));

    assertThat(s.thresholdFor("claims", "age", DriftMethod.PSI)).isEqualTo(0.5);
    assertThat(s.thresholdFor("other", "age", DriftMethod.PSI)).isEqualTo(0.4);
    assertThat(s.thresholdFor("claims", "income", DriftMethod.PSI)).isEqualTo(0.25);
    assertThat(s.thresholdFor("claims", "zip", DriftMethod.PSI)).isEqualTo(0.35);
    assertThat(s.thresholdFor("other", "zip", DriftMethod.PSI)).isEqualTo(0.3);
    assertThat(with(Double.NaN, Map.of()).thresholdFor("m", "f", DriftMethod.KS)).isEqualTo(0.1);
  }
}
