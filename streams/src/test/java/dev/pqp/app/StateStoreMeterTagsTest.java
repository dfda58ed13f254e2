package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

class StateStoreMeterTagsTest {
  private static void storeMeter(PrometheusMeterRegistry registry, String kindTag, String store, double value) {
    Gauge.builder("kafka.stream.state.put.latency.avg", () -> value)
        .tags("kafka.version", "4.3.1", "task.id", "0_1", "thread.id", "t-1", kindTag, store)
        .register(registry);
  }

  @Test
  void shouldExportTheMetersOfStoresOfEveryKindUnderOneSetOfTagKeys() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new StateStoreMeterTags());
    storeMeter(registry, "rocksdb.state.id", "ground-truth-pending", 1.5);
    storeMeter(registry, "in.memory.state.id", "stage1-progress", 2.5);
    Gauge.builder("kafka.stream.thread.commit.rate", () -> 3.0).tags("in.memory.state.id", "left-alone").register(registry);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("kafka_stream_state_put_latency_avg{kafka_version=\"4.3.1\",state_id=\"ground-truth-pending\","
            + "store_type=\"rocksdb\",task_id=\"0_1\",thread_id=\"t-1\"} 1.5")
        .contains("kafka_stream_state_put_latency_avg{kafka_version=\"4.3.1\",state_id=\"stage1-progress\","
            + "store_type=\"in.memory\",task_id=\"0_1\",thread_id=\"t-1\"} 2.5")
        .contains("kafka_stream_thread_commit_rate{in_memory_state_id=\"left-alone\"} 3.0");
  }

  /** Without the filter the registry refuses the second kind: what the filter is for. */
  @Test
  void shouldShowThatTheRegistryAloneDropsTheSecondKind() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    storeMeter(registry, "rocksdb.state.id", "ground-truth-pending", 1.5);
    storeMeter(registry, "in.memory.state.id", "stage1-progress", 2.5);
    assertThat(registry.scrape()).contains("ground-truth-pending").doesNotContain("stage1-progress");
  }
}
