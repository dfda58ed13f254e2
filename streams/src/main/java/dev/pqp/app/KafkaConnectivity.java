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
  /** Seconds since the last heartbeat past which a consumer counts as disconnected: pqp's session timeout. */
  static final double HEARTBEAT_AGE_S = StreamsSettings.SESSION_TIMEOUT_MS / 1000.0;

  private final Supplier<KafkaStreams> streams;

  KafkaConnectivity(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /**
   * Whether a main consumer of this instance is connected to a broker now: it holds a connection and has sent a
   * heartbeat to its group coordinator within {@link #HEARTBEAT_AGE_S}. The connection count alone read 1 in a sample
   * during a broker outage (a connection attempt that got through for a moment); a consumer that has not reached its
   * coordinator for that long is not working, whatever its sockets say.
   */
  boolean connected() {
    KafkaStreams s = streams.get();
    if (s == null) {
      return false;
    }
    java.util.Map<String, Double> connections = new java.util.HashMap<>();
    java.util.Map<String, Double> heartbeatAge = new java.util.HashMap<>();
    for (var e : s.metrics().entrySet()) {
      MetricName n = e.getKey();
      String client = n.tags().getOrDefault("client-id", "");
      if (!client.endsWith("-consumer") || client.endsWith("-restore-consumer")) {
        continue;
      }
      if (n.name().equals("connection-count") && n.group().equals("consumer-metrics")) {
        connections.put(client, count(e.getValue()));
      } else if (n.name().equals("last-heartbeat-seconds-ago") && n.group().equals("consumer-coordinator-metrics")) {
        heartbeatAge.put(client, count(e.getValue()));
      }
    }
    for (var c : connections.entrySet()) {
      Double age = heartbeatAge.get(c.getKey());
      if (c.getValue() > 0 && (age == null || age >= 0 && age <= HEARTBEAT_AGE_S)) {
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
