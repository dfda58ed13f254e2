package dev.pqp.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code pqp_kafka_connected}: 1 while a stream thread's consumer holds at least one connection to a broker,
 * 0 when none does (a broker outage, a network partition, wrong credentials). Kafka Streams stays RUNNING
 * through an outage and resumes by itself when the brokers come back, so {@code /ready} does not follow
 * this: the instance's state and metrics are still served, only no new window closes; alert on this gauge
 * (and on consumer lag) instead.
 */
final class KafkaConnectivity implements MeterBinder {
  static final String CONNECTED = "pqp.kafka.connected";

  private final Supplier<KafkaStreams> streams;

  KafkaConnectivity(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** Whether a main consumer of this instance is connected to a broker now. */
  boolean connected() {
    KafkaStreams s = streams.get();
    if (s == null) {
      return false;
    }
    for (var e : s.metrics().entrySet()) {
      MetricName n = e.getKey();
      String client = n.tags().getOrDefault("client-id", "");
      if (n.name().equals("connection-count") && n.group().equals("consumer-metrics")
          && client.endsWith("-consumer") && !client.endsWith("-restore-consumer") && count(e.getValue()) > 0) {
        return true;
      }
    }
    return false;
  }

  private static double count(Metric m) {
    return m.metricValue() instanceof Number n ? n.doubleValue() : 0;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(CONNECTED, this, c -> c.connected() ? 1 : 0)
        .description("1 while a stream thread's consumer is connected to a Kafka broker, else 0")
        .strongReference(true)
        .register(registry);
  }
}
