package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.config.ConfigException;
import dev.pqp.config.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start-up check of {@code ground-truth.copartitioned}, on partition counts as the broker reports them. */
class TopicSetupTest {
  private static final Topics T = Topics.defaults();

  @Test
  void shouldAcceptPredictionsAndGroundTruthWithEqualPartitionCounts() {
    assertThatCode(() -> TopicSetup.checkCopartitioned(T,
        Map.of(T.predictions(), 6, T.groundTruth(), 6, T.features(), 12))).doesNotThrowAnyException();
  }

  @Test
  void shouldRejectUnequalOrMissingTopicsNamingTheSettingAndTheCounts() {
    assertThatThrownBy(() -> TopicSetup.checkCopartitioned(T, Map.of(T.predictions(), 6, T.groundTruth(), 4)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ground-truth.copartitioned")
        .hasMessageContaining("have 6 and 4");
    assertThatThrownBy(() -> TopicSetup.checkCopartitioned(T, Map.of(T.predictions(), 6)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("6 and none (missing)");
  }
}
