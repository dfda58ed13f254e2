package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.schema.ModelWindow;
import io.micrometer.core.instrument.Gauge;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops for 15 s and comes back on the same port and data: pqp reports the outage in
 * {@code pqp_kafka_connected}, stays RUNNING, and afterwards every event sent is counted in its window, none
 * dropped as late.
 */
class BrokerOutageIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldRecoverByItselfAndCountEveryEventAfterTheBrokerComesBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedKafka kafka = EmbeddedKafka.start(port, dir.resolve("kafka"), Map.of());
    Map<Long, Long> sent = new TreeMap<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 180_000, ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer())) {
      PqpConfig config = config(kafka.bootstrapServers());
      PqpRuntime runtime = PqpRuntime.start(config);
      try {
        await(() -> runtime.streams().state() == KafkaStreams.State.RUNNING && connected(runtime), Duration.ofSeconds(60));
        assertThat(health(runtime)).isEqualTo("200 ok\nstreams: RUNNING\nkafka: connected\n");
        send(producer, config.topics().predictions(), sent, Duration.ofSeconds(6));
        producer.flush();
        Thread.sleep(1_000);

        kafka.close(); // the outage
        long down = System.nanoTime();
        await(() -> !connected(runtime), Duration.ofSeconds(20));
        System.out.printf(Locale.ROOT, "[outage] pqp_kafka_connected 0 after %.1f s%n", (System.nanoTime() - down) / 1e9);
        assertThat(connected(runtime)).as("pqp_kafka_connected during the outage").isFalse();
        assertThat(runtime.streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
        // a live process is healthy (200) whatever the broker does; the body says what is wrong
        assertThat(health(runtime)).isEqualTo("200 ok\nstreams: RUNNING\nkafka: disconnected\n");
        int samples = 0;
        int connectedSamples = 0;
        while ((System.nanoTime() - down) / 1_000_000 < 15_000) { // every 100 ms while the broker is down
          samples++;
          connectedSamples += connected(runtime) ? 1 : 0;
          Thread.sleep(100);
        }
        System.out.printf(Locale.ROOT, "[outage] pqp_kafka_connected read 1 in %d of %d samples during the outage%n",
            connectedSamples, samples);
        assertThat(connectedSamples).as("samples reading pqp_kafka_connected 1 during the outage").isZero();

        kafka = EmbeddedKafka.start(port, dir.resolve("kafka"), Map.of()); // same port, same data
        long up = System.nanoTime();
        await(() -> connected(runtime), Duration.ofSeconds(60));
        System.out.printf(Locale.ROOT, "[outage] pqp_kafka_connected 1 again %.1f s after the restart%n",
            (System.nanoTime() - up) / 1e9);
        send(producer, config.topics().predictions(), sent, Duration.ofSeconds(6));
        producer.flush();

        Map<Long, Long> counted = readWindows(kafka.bootstrapServers(), config.topics().modelWindow(), sent.keySet(),
            Duration.ofSeconds(90));
        System.out.printf(Locale.ROOT, "[outage] late events dropped %.0f, late partials dropped %.0f%n",
            runtime.registry().find("pqp.late.events.dropped").counter().count(),
            runtime.registry().find("pqp.late.partials.dropped").counter().count());
        assertThat(counted).as("events per window, after the outage").isEqualTo(sent);
        assertThat(runtime.registry().find("pqp.late.events.dropped").counter().count()).isZero();
      } finally {
        runtime.close();
      }
    } finally {
      kafka.close();
    }
  }

  private PqpConfig config(String bootstrap) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", bootstrap);
    s.put("application.id", "outage");
    s.put("state.dir", dir.resolve("state").toString());
    s.put("http.port", "0");
    s.put("output.format", "avro"); // read back with the Avro classes' decoders
    s.put("window.size", "2s");
    s.put("window.grace", "1s");
    s.put("window.idle-flush", "3s");
    return ConfigLoader.load(null, Map.of(), s);
  }

  private static String health(PqpRuntime r) throws Exception {
    var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create("http://127.0.0.1:" + r.httpPort() + "/health")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body();
  }

  private static boolean connected(PqpRuntime r) {
    Gauge g = r.registry().find(KafkaConnectivity.CONNECTED).gauge();
    return g != null && g.value() == 1.0;
  }

  /** Events of model "outage" v1 with event time now, 100 a second, counted per 2 s window. */
  private static void send(KafkaProducer<String, byte[]> producer, String topic, Map<Long, Long> sent, Duration d)
      throws Exception {
    long until = System.currentTimeMillis() + d.toMillis();
    while (System.currentTimeMillis() < until) {
      long ts = System.currentTimeMillis();
      String id = UUID.randomUUID().toString();
      producer.send(new ProducerRecord<>(topic, null, ts, id, JSON.writeValueAsBytes(Map.of("prediction_id", id,
          "model_name", "outage", "model_version", "v1", "timestamp", ts, "features", Map.of("x", 1.0),
          "prediction", Map.of("score", 0.5)))));
      sent.merge(ts - ts % 2_000, 1L, Long::sum);
      Thread.sleep(10);
    }
  }

  private static Map<Long, Long> readWindows(String bootstrap, String topic, java.util.Set<Long> windows, Duration timeout) {
    Map<Long, Long> out = new TreeMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      while (System.nanoTime() < deadline && !out.keySet().containsAll(windows)) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          try {
            ModelWindow w = ModelWindow.getDecoder().decode(r.value());
            out.merge(w.getWindowStart(), w.getEventCount(), Long::sum);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
    }
    return out;
  }

  private static void await(BooleanSupplier c, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !c.getAsBoolean()) {
      Thread.sleep(200);
    }
  }
}
