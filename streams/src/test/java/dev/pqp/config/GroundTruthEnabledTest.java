package dev.pqp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ground-truth.enabled} is {@code auto} unless set: the join is planned, and start-up decides it by
 * whether the ground-truth topic exists ({@code TopicSetup.decideGroundTruth}); true and false stand.
 */
class GroundTruthEnabledTest {
  private static GroundTruthSettings load(Map<String, String> flags) {
    return ConfigLoader.load(null, Map.of(), flags).analysis().groundTruth();
  }

  @Test
  void shouldBeAutoAndPlannedByDefault() {
    GroundTruthSettings gt = load(Map.of());
    assertThat(gt.auto()).isTrue();
    assertThat(gt.enabled()).isTrue();
    assertThat(load(Map.of("ground-truth.enabled", "AUTO")).auto()).isTrue();
  }

  @Test
  void shouldKeepAnExplicitChoice() {
    assertThat(load(Map.of("ground-truth.enabled", "false"))).satisfies(gt -> {
      assertThat(gt.auto()).isFalse();
      assertThat(gt.enabled()).isFalse();
    });
    assertThat(load(Map.of("ground-truth.enabled", "true"))).satisfies(gt -> {
      assertThat(gt.auto()).isFalse();
      assertThat(gt.enabled()).isTrue();
    });
  }

  @Test
  void shouldDecideAutoOnceAndKeepTheRest() {
    PqpConfig c = ConfigLoader.load(null, Map.of(), Map.of("ground-truth.max-delay", "2d"));
    GroundTruthSettings off = c.withGroundTruth(false).analysis().groundTruth();
    assertThat(off.enabled()).isFalse();
    assertThat(off.auto()).isFalse();
    assertThat(off.maxDelay()).isEqualTo(java.time.Duration.ofDays(2));
    assertThat(c.withGroundTruth(true).analysis().groundTruth().enabled()).isTrue();
  }

  @Test
  void shouldRefuseAnythingElseNamingTheSetting() {
    assertThatThrownBy(() -> load(Map.of("ground-truth.enabled", "sometimes")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ground-truth.enabled")
        .hasMessageContaining("expected auto, true or false");
  }
}
