package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.schema.ModelWindow;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scale-out 1 -> 3 -> 1 while input flows: every version's gauges are exported by at most one instance at any
 * moment (sampled every 50 ms) and by exactly one once each step settled, the records counted over the
 * instances (the two that left counted up to their close) equal the input, and every window of every
 * version is published on the model-window topic exactly once with exactly the events sent for it.
 */
class ScaleOutIntegrationTest {
  private static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4", "v5", "v6");
  private static final long WINDOW_MS = 2_000;
  private static final int PARTITIONS = 4;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of());
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static PqpConfig config(String instance) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("application.id", "scale-out");
    s.put("state.dir", dir.resolve("state-" + instance).toString());
    s.put("http.port", "0");
    s.put("stream.threads", "1");
    s.put("topics.partitions", Integer.toString(PARTITIONS));
    s.put("window.size", WINDOW_MS + "ms");
    s.put("window.grace", "1s");
    s.put("topics.feature-drift", "scale-out.feature-drift");
    s.put("topics.model-window", "scale-out.model-window");
    s.put("kafka.consumer.session.timeout.ms", "10000");
    return ConfigLoader.load(null, Map.of(), s);
  }

  /** What was sent: events per "model/version/windowStart", and in all. */
  private static final class Sent {
    final Map<String, Long> perWindow = new ConcurrentHashMap<>();
    final AtomicInteger total = new AtomicInteger();
    volatile Exception failed;
  }

  @Test
  void shouldKeepEveryGaugeOnOneInstanceAndCountEveryEventOnceFromOneToThreeToOneInstances() throws Exception {
    List<PqpRuntime> live = new CopyOnWriteArrayList<>();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    Sent sent = new Sent();
    double countedByLeavers = 0;
    Thread traffic = new Thread(() -> send(config("t").topics().predictions(), running, sent), "test-traffic");
    Thread watch = new Thread(() -> watch(live, running, overlaps), "test-watch");
    List<PqpRuntime> all = new ArrayList<>();
    TopicSetup.ensure(config("s0")); // the input with its 4 partitions, as pqp run creates it
    try {
      all.add(PqpRuntime.start(config("s0")));
      live.add(all.get(0));
      traffic.start();
      watch.start();
      awaitOnePerVersion(live, "1 instance");
      assertThat(sent.failed).as("the test's producer").isNull();
      for (int i = 1; i <= 2; i++) {
        all.add(PqpRuntime.start(config("s" + i)));
        live.add(all.get(i));
      }
      awaitOnePerVersion(live, "3 instances");
      for (PqpRuntime r : live) {
        System.out.printf(Locale.ROOT, "[scale-out] with 3: instance %d exports %s%n", r.httpPort(),
            VERSIONS.stream().filter(v -> exports(r, v)).toList());
      }
      assertThat(live).as("each of the 3 instances exports some version").allSatisfy(r ->
          assertThat(VERSIONS.stream().anyMatch(v -> exports(r, v))).isTrue());
      Thread.sleep(3 * WINDOW_MS);
      for (int i = 2; i >= 1; i--) {
        PqpRuntime leaving = all.get(i);
        live.remove(leaving);
        leaving.close();
        countedByLeavers += records(leaving);
      }
      awaitOnePerVersion(live, "1 instance again");
      Thread.sleep(3 * WINDOW_MS);
    } finally {
      running.set(false);
      traffic.join(10_000);
      watch.join(5_000);
    }
    try {
      PqpRuntime survivor = all.get(0);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && records(survivor) + countedByLeavers < sent.total.get()) {
        Thread.sleep(100);
      }
      System.out.printf(Locale.ROOT, "[scale-out] sent %d, counted %.0f (%.0f by the two that left), overlapping "
          + "samples %d%n", sent.total.get(), records(survivor) + countedByLeavers, countedByLeavers, overlaps.get());
      assertThat(sent.failed).as("the test's producer").isNull();
      assertThat(overlaps.get()).as("samples in which two instances exported one version").isZero();
      assertThat(records(survivor) + countedByLeavers).as("records counted over the instances").isEqualTo(sent.total.get());
      assertWindows(survivor.config(), sent);
    } finally {
      all.get(0).close();
    }
  }

  /** Every window before the last one: published once, with the events sent for it (the last may still be open). */
  private static void assertWindows(PqpConfig config, Sent sent) {
    long lastStart = sent.perWindow.keySet().stream().mapToLong(k -> Long.parseLong(k.substring(k.lastIndexOf('/') + 1)))
        .max().orElseThrow();
    Map<String, Long> expected = new TreeMap<>();
    sent.perWindow.forEach((k, n) -> {
      if (Long.parseLong(k.substring(k.lastIndexOf('/') + 1)) < lastStart - WINDOW_MS) {
        expected.put(k, n);
      }
    });
    Map<String, Long> published = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(config.topics().modelWindow()));
      while (System.nanoTime() < deadline && !published.keySet().containsAll(expected.keySet())) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
          ModelWindow w = decode(r.value());
          String k = w.getModelName() + "/" + w.getModelVersion() + "/" + w.getWindowStart();
          assertThat(published.put(k, w.getEventCount())).as("window %s published once", k).isNull();
        }
      }
      c.poll(Duration.ofSeconds(2)).forEach(r -> { // a little longer, so that a doubled record would show
        ModelWindow w = decode(r.value());
        String k = w.getModelName() + "/" + w.getModelVersion() + "/" + w.getWindowStart();
        assertThat(published.put(k, w.getEventCount())).as("window %s published once", k).isNull();
      });
    }
    Map<String, Long> got = new TreeMap<>();
    expected.keySet().forEach(k -> got.put(k, published.get(k)));
    System.out.printf(Locale.ROOT, "[scale-out] %d windows checked, %d published%n", expected.size(), published.size());
    assertThat(got).as("events per model, version and window").isEqualTo(expected);
  }

  private static ModelWindow decode(byte[] bytes) {
    try {
      return ModelWindow.getDecoder().decode(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double records(PqpRuntime r) {
    return r.registry().find("pqp.records").counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Whether this instance exports the gauges of a version (it owns the model and finalized a window of it). */
  private static boolean exports(PqpRuntime r, String version) {
    return !r.registry().find("ml.model.info").tag("model_version", version).gauges().isEmpty();
  }

  /** Waits until every instance runs and every version is exported by exactly one of them. */
  private static void awaitOnePerVersion(List<PqpRuntime> live, String step) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline && !(live.stream().allMatch(r -> r.streams().state() == KafkaStreams.State.RUNNING)
        && VERSIONS.stream().allMatch(v -> live.stream().filter(r -> exports(r, v)).count() == 1))) {
      Thread.sleep(100);
    }
    System.out.printf(Locale.ROOT, "[scale-out] %s: every version on exactly one instance after %.1f s (records "
        + "counted %s)%n", step, (System.nanoTime() - t0) / 1e9, live.stream().map(r -> (long) records(r)).toList());
    assertThat(VERSIONS).as(step).allSatisfy(v ->
        assertThat(live.stream().filter(r -> exports(r, v)).count()).as("instances exporting %s", v).isEqualTo(1));
  }

  private static void watch(List<PqpRuntime> live, AtomicBoolean running, AtomicInteger overlaps) {
    while (running.get()) {
      for (String v : VERSIONS) {
        if (live.stream().filter(r -> exports(r, v)).count() > 1) {
          overlaps.incrementAndGet();
          System.out.printf(Locale.ROOT, "[scale-out] %s exported by more than one instance%n", v);
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One model per version, so that stage 2 (keyed by model) spreads them over the instances. */
  private static void send(String topic, AtomicBoolean running, Sent sent) {
    Random r = new Random(11);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
      int id = 0;
      while (running.get()) {
        long ts = System.currentTimeMillis();
        for (String v : VERSIONS) {
          String model = "scale-" + v;
          Map<String, Object> e = Map.of("prediction_id", "o" + id, "model_name", model, "model_version", v,
              "timestamp", ts, "features", Map.of("x", r.nextGaussian()), "prediction", Map.of("score", r.nextDouble()));
          // a partition at random: every model reaches every partition (id % 4 would give each model two)
          producer.send(new ProducerRecord<>(topic, r.nextInt(PARTITIONS), ts, "o" + id, JSON.writeValueAsBytes(e))).get();
          sent.perWindow.merge(model + "/" + v + "/" + (ts - Math.floorMod(ts, WINDOW_MS)), 1L, Long::sum);
          sent.total.incrementAndGet();
          id++;
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      System.out.println("[scale-out] the test's producer failed: " + e);
      sent.failed = e;
    }
  }
}
