package dev.pqp.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.testing.Exposition;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadinessMetricsTest {
  @Test
  void shouldExportOneOnlyWhileTheReadinessConditionHoldsAtScrapeTime() {
    AtomicBoolean running = new AtomicBoolean(false);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new ReadinessMetrics(running::get).bindTo(registry);

    assertThat(Exposition.parse(registry.scrape()).value("pqp_ready")).isEqualTo(0.0);
    running.set(true);
    assertThat(Exposition.parse(registry.scrape()).value("pqp_ready")).isEqualTo(1.0);
    running.set(false);
    assertThat(Exposition.parse(registry.scrape()).value("pqp_ready")).isEqualTo(0.0);
    assertThat(Exposition.parse(registry.scrape()).all("pqp_ready")).hasSize(1);
  }
}
