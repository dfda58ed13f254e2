package dev.pqp.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.testing.Exposition;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class FinalizationMetricsTest {
  private static final String NAME = "pqp_last_window_finalized_timestamp_seconds";
  private static final long T = 1_700_000_000_000L;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final FinalizationMetrics metrics = new FinalizationMetrics();

  FinalizationMetricsTest() {
    metrics.bindTo(registry);
  }

  private Double shown(String model) {
    return Exposition.parse(registry.scrape()).value(NAME, "model_name", model);
  }

  @Test
  void shouldStartAtTheTakeoverAndMoveOnlyWhenAWindowIsFinalized() {
    metrics.heard("fraud", "0_0", T);
    assertThat(shown("fraud")).isEqualTo(1_700_000_000.0);
    metrics.heard("fraud", "0_0", T + 30_000); // news, no window: the age keeps counting from the takeover
    assertThat(shown("fraud")).isEqualTo(1_700_000_000.0);
    metrics.finalized("fraud", "0_0", T + 61_500);
    assertThat(shown("fraud")).isEqualTo(1_700_000_061.5);
    metrics.heard("fraud", "0_0", T + 90_000);
    assertThat(shown("fraud")).isEqualTo(1_700_000_061.5);
    metrics.finalized("churn", "0_1", T + 95_000);
    assertThat(shown("churn")).isEqualTo(1_700_000_095.0);
    assertThat(Exposition.parse(registry.scrape()).all(NAME)).hasSize(2);
  }

  @Test
  void shouldDropTheModelsOfAClosedTaskAndStartAgainAtTheNextTakeover() {
    metrics.finalized("fraud", "0_0", T);
    metrics.finalized("churn", "0_1", T);
    metrics.release("0_0");
    assertThat(shown("fraud")).isNull();
    assertThat(shown("churn")).isEqualTo(1_700_000_000.0);
    metrics.heard("fraud", "0_0", T + 10_000);
    assertThat(shown("fraud")).isEqualTo(1_700_000_010.0);
  }

  @Test
  void shouldKeepAStuckModelWhoseEventsKeepComingAndExpireOneThatStoppedSending() {
    long stale = 3_600_000;
    metrics.finalized("stuck", "0_0", T);
    metrics.finalized("quiet", "0_0", T);
    for (long t = T + 600_000; t <= T + 2 * stale; t += 600_000) {
      metrics.heard("stuck", "0_0", t);
      metrics.expire(t, stale);
    }
    assertThat(shown("stuck")).as("no window for two hours, events all along").isEqualTo(1_700_000_000.0);
    assertThat(shown("quiet")).as("silent for two hours").isNull();
  }
}
