package dev.pqp.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
final class KafkaConnectivity implements MeterBinder, AutoCloseable {
  static final String CONNECTED = "pqp.kafka.connected";
  /** How often the consumers' metrics are looked at in the background. */
  static final long SAMPLE_MS = 250;
  /** Consecutive connected looks (a second) before the instance counts as connected. */
  static final int STABLE_SAMPLES = 4;
  /** Seconds since the last heartbeat past which a consumer counts as disconnected: pqp's session timeout. */
  static final double HEARTBEAT_AGE_S = StreamsSettings.SESSION_TIMEOUT_MS / 1000.0;

  private final Supplier<KafkaStreams> streams;
  private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pqp-kafka-connectivity");
    t.setDaemon(true);
    return t;
  });
  /** Consecutive background looks that found a consumer connected, at most {@link #STABLE_SAMPLES}. */
  private volatile int streak;

  KafkaConnectivity(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** Starts the background looks; until then, and after {@link #close()}, the instance reads as not connected. */
  void start() {
    sampler.scheduleAtFixedRate(() -> {
      try {
        streak = connectedNow() ? Math.min(STABLE_SAMPLES, streak + 1) : 0;
      } catch (Throwable e) { // an escaping throwable would cancel the looks and freeze the streak
        streak = 0; // metrics of a closing client: not connected
      }
    }, 0, SAMPLE_MS, TimeUnit.MILLISECONDS);
  }

  /**
   * Whether this instance is connected to a broker: a main consumer is connected now ({@link #connectedNow}) and
   * was at each background look of the last second. A consumer's connection count includes connections still being
   * set up, so during an outage a reconnection attempt reads as a connection for a moment, and its last heartbeat is
   * recent for a session timeout after the outage began: a sample every 100 ms through a 15 s outage read 1 once in
   * 141. An attempt does not last through four looks 250 ms apart; one that hangs (a partition that drops packets)
   * is caught by the heartbeat's age.
   */
  boolean connected() {
    return streak >= STABLE_SAMPLES && connectedNow();
  }

  /**
   * Whether a main consumer of this instance holds a connection now and has sent a heartbeat to its group
   * coordinator within {@link #HEARTBEAT_AGE_S}: a consumer that has not reached its coordinator for that long is not
   * working, whatever its sockets say.
   */
  boolean connectedNow() {
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
  public void close() {
    sampler.shutdownNow();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(CONNECTED, this, c -> c.connected() ? 1 : 0)
        .description("1 while a stream thread's consumer is connected to a Kafka broker, else 0")
        .strongReference(true)
        .register(registry);
  }
}
