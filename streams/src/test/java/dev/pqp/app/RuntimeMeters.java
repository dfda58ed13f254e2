package dev.pqp.app;

import dev.pqp.export.ReadinessMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;

/**
 * The meters {@link PqpRuntime#start} binds besides the topology's, for a test that wants every metric an instance
 * exports without starting Kafka: {@code pqp_ready}, {@code pqp_kafka_connected}, and the restore counters
 * ({@code pqp_state_restored_records_total}, {@code pqp_state_restore_seconds_total}) after one restore of a store.
 * The JVM's and Kafka's own binders are left out: their names are Micrometer's and Kafka's, not pqp's.
 */
public final class RuntimeMeters {
  private RuntimeMeters() {}

  /** Binds them to {@code registry} as a running instance that restored one store partition would have them. */
  public static void bind(MeterRegistry registry) {
    new ReadinessMetrics(() -> true).bindTo(registry);
    try (KafkaConnectivity connectivity = new KafkaConnectivity(() -> null)) {
      connectivity.bindTo(registry); // never started: reads as not connected
    }
    RestoreLog restores = new RestoreLog(registry);
    TopicPartition changelog = new TopicPartition("pqp-stage2-status-changelog", 0);
    restores.onRestoreStart(changelog, "stage2-status", 0, 10);
    restores.onRestoreEnd(changelog, "stage2-status", 10);
  }
}
