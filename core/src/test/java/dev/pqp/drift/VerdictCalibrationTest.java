package dev.pqp.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.stats.DriftMethod;
import dev.pqp.stats.DriftMethod.FeatureType;
import org.junit.jupiter.api.Test;

/** What {@code pqp calibrate} prints, on fewer windows: every method's verdict rates at two sizes. */
class VerdictCalibrationTest {
  @Test
  void shouldFlagFewUnchangedWindowsAndTheLargestChangeAlmostAlwaysAtEverySize() {
    VerdictCalibration.Result result = VerdictCalibration.run(3, 100, 20, new int[] {100, 1_000});
    System.out.print(result);
    assertThat(result.rows()).hasSize(2 * 8);
    for (VerdictCalibration.Row r : result.rows()) {
      // 1 % expected; 4 of 100 windows is a rate of 1 % exceeded with probability below 0.02
      assertThat(r.falseAlarmRate()).as("%s %s at %d", r.method(), r.type(), r.events()).isLessThanOrEqualTo(0.04);
      // a 1 sigma shift is far past every numeric threshold; of the categorical ones only L-infinity's (0.02)
      // is below a 10 point share change, PSI 0.2 is well above it
      if (r.events() == 1_000 && (r.type() == FeatureType.NUMERIC || r.method() == DriftMethod.L_INFINITY)) {
        assertThat(r.detection()[2]).as("%s %s, the largest change at 1,000", r.method(), r.type())
            .isGreaterThanOrEqualTo(0.95);
      }
    }
  }
}
