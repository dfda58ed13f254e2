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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
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
import java.util.concurrent.TimeUnit;
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
 * Scaling in and out. Stopping an instance hands its work over at once: it leaves the consumer group on close,
 * so the survivors take its partitions without waiting for the session timeout (45 s by default, left as is
 * here), and {@code pqp run} exits 0 on SIGTERM after a clean close. Scale-out 1 -> 3 -> 1 while input flows:
 * every version's gauges are exported by at most one instance at any moment (sampled every 50 ms) and by
 * exactly one once each step settled, the records counted over the instances (the two that left counted up
 * to their close) equal the input, and every window of every version is published on the model-window topic
 * exactly once with exactly the events sent for it.
 */
class ScalingIntegrationTest {
  private static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4", "v5", "v6");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WINDOW_MS = 2_000;
  private static final int PARTITIONS = 4;

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

  private static PqpConfig config(String app, String instance) {
    return config(app, instance, Map.of());
  }

  private static PqpConfig config(String app, String instance, Map<String, String> more) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("application.id", app);
    s.put("state.dir", dir.resolve("state-" + instance).toString());
    s.put("http.port", "0");
    s.put("output.format", "avro"); // read back with the Avro classes' decoders
    s.put("window.size", WINDOW_MS + "ms");
    s.put("window.grace", "1s");
    s.put("window.idle-flush", "3s");
    s.put("topics.feature-drift", app + ".feature-drift");
    s.put("topics.model-window", app + ".model-window");
    s.put("topics.actions", app + ".actions");
    s.putAll(more);
    return ConfigLoader.load(null, Map.of(), s);
  }

  /** The scale-out runs: one stream thread each, inputs of their own with 4 partitions. */
  private static PqpConfig scaleOut(String instance) {
    return config("scale-out", instance, Map.of("stream.threads", "1", "topics.partitions", Integer.toString(PARTITIONS),
        "topics.predictions", "scale-out.predictions", "topics.features", "scale-out.features",
        "window.idle-flush", "30s", "kafka.consumer.session.timeout.ms", "10000"));
  }

  @Test
  void shouldExportEveryVersionFromTheSurvivorWithinTenSecondsOfStoppingTwoOfThree() throws Exception {
    List<PqpRuntime> three = new ArrayList<>();
    AtomicBoolean sending = new AtomicBoolean(true);
    Thread traffic = new Thread(() -> send(config("scale-in", "t").topics().predictions(), sending, new Sent()),
        "test-traffic");
    try {
      for (int i = 0; i < 3; i++) {
        three.add(PqpRuntime.start(config("scale-in", "s" + i)));
      }
      traffic.start();
      await(() -> VERSIONS.stream().allMatch(v -> three.stream().anyMatch(r -> exports(r, v))), Duration.ofSeconds(90));
      for (PqpRuntime r : three) {
        System.out.printf(Locale.ROOT, "[scale-in] before the stop: %s exports %s (%s, %.0f records read)%n", r.httpPort(),
            VERSIONS.stream().filter(v -> exports(r, v)).toList(), r.streams().state(),
            r.registry().find("pqp.records").counters().stream().mapToDouble(c -> c.count()).sum());
      }
      PqpRuntime survivor = three.get(0);
      assertThat(VERSIONS.stream().filter(v -> !exports(survivor, v)).count())
          .as("versions the survivor does not own before the stop").isPositive();

      long stoppedAt = System.nanoTime();
      three.get(1).close();
      three.get(2).close();
      await(() -> VERSIONS.stream().allMatch(v -> exports(survivor, v)), Duration.ofSeconds(40));
      double seconds = (System.nanoTime() - stoppedAt) / 1e9;
      System.out.printf(Locale.ROOT, "[scale-in] every version exported by the survivor %.1f s after the stop%n", seconds);
      assertThat(VERSIONS).allSatisfy(v -> assertThat(exports(survivor, v)).as("survivor exports %s", v).isTrue());
      assertThat(seconds).isLessThan(10.0);
    } finally {
      sending.set(false);
      traffic.join(5_000);
      three.forEach(PqpRuntime::close);
    }
  }

  @Test
  void shouldExitZeroOnSigtermAfterACleanClose() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("sigterm.log");
    Process p = new ProcessBuilder(java, "-Xmx256m", "-jar", System.getProperty("pqp.jar", "target/pqp.jar"), "run",
        "--bootstrap-servers", kafka.bootstrapServers(), "--application-id", "sigterm", "--state-dir",
        dir.resolve("state-sigterm").toString(), "--http-port", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      await(() -> ready(http, port), Duration.ofSeconds(60));
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("stopped within 40 s").isTrue();
      System.out.printf(Locale.ROOT, "[scale-in] pqp run stopped %.1f s after SIGTERM, status %d%n",
          (System.nanoTime() - t0) / 1e9, p.exitValue());
      assertThat(p.exitValue()).as("exit status after SIGTERM; log:%n%s", Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("pqp stopped");
    } finally {
      p.destroyForcibly();
    }
  }

  private static boolean ready(HttpClient http, int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether this instance runs and exports the gauges of a version. */
  private static boolean exports(PqpRuntime r, String version) {
    return r.streams().state() == KafkaStreams.State.RUNNING && exportsGauges(r, version);
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition c, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !c.holds()) {
      Thread.sleep(200);
    }
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
    Thread traffic = new Thread(() -> send(scaleOut("t").topics().predictions(), running, sent), "test-traffic");
    Thread watch = new Thread(() -> watch(live, running, overlaps), "test-watch");
    List<PqpRuntime> all = new ArrayList<>();
    TopicSetup.ensure(scaleOut("s0")); // the input with its 4 partitions, as pqp run creates it
    try {
      all.add(PqpRuntime.start(scaleOut("s0")));
      live.add(all.get(0));
      traffic.start();
      watch.start();
      awaitOnePerVersion(live, "1 instance");
      assertThat(sent.failed).as("the test's producer").isNull();
      for (int i = 1; i <= 2; i++) {
        all.add(PqpRuntime.start(scaleOut("s" + i)));
        live.add(all.get(i));
      }
      awaitOnePerVersion(live, "3 instances");
      for (PqpRuntime r : live) {
        System.out.printf(Locale.ROOT, "[scale-out] with 3: instance %d exports %s%n", r.httpPort(),
            VERSIONS.stream().filter(v -> exportsGauges(r, v)).toList());
      }
      assertThat(live).as("each of the 3 instances exports some version").allSatisfy(r ->
          assertThat(VERSIONS.stream().anyMatch(v -> exportsGauges(r, v))).isTrue());
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
      assertActions(survivor.config());
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
        c.poll(Duration.ofMillis(300)).forEach(r -> addOnce(published, r));
      }
      c.poll(Duration.ofSeconds(2)).forEach(r -> addOnce(published, r)); // a doubled record would show
    }
    Map<String, Long> got = new TreeMap<>();
    expected.keySet().forEach(k -> got.put(k, published.get(k)));
    System.out.printf(Locale.ROOT, "[scale-out] %d windows checked, %d published%n", expected.size(), published.size());
    assertThat(got).as("events per model, version and window").isEqualTo(expected);
  }

  /**
   * The action records, read_committed: each (episode, state) published once, and per version exactly the episodes
   * a plain scan of its published feature-drift verdicts gives (retraining recommended at the defaults: x drifted
   * in 3 consecutive windows with a verdict opens one, 3 without drift close it). x moves by 4 sigma every other
   * 8 s, so episodes open and close while instances come and go.
   */
  private static void assertActions(PqpConfig config) {
    Map<String, TreeMap<Long, Boolean>> verdicts = new TreeMap<>();
    Map<String, List<String>> actions = new TreeMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(config.topics().featureDrift(), config.topics().actions()));
      long quietSince = System.nanoTime();
      while (System.nanoTime() - quietSince < Duration.ofSeconds(3).toNanos()) {
        var records = c.poll(Duration.ofMillis(300));
        if (!records.isEmpty()) {
          quietSince = System.nanoTime();
        }
        for (ConsumerRecord<String, byte[]> r : records) {
          if (r.topic().equals(config.topics().actions())) {
            dev.pqp.schema.Action a = decode(() -> dev.pqp.schema.Action.getDecoder().decode(r.value()));
            assertThat(seen.add(a.getEpisodeId() + " " + a.getState())).as("%s %s published once", a.getEpisodeId(),
                a.getState()).isTrue();
            actions.computeIfAbsent(a.getModelVersion(), v -> new ArrayList<>()).add(a.getState() + "@" + a.getWindowStart());
          } else {
            dev.pqp.schema.FeatureDrift f = decode(() -> dev.pqp.schema.FeatureDrift.getDecoder().decode(r.value()));
            if (f.getDriftScore() != null) {
              verdicts.computeIfAbsent(f.getModelVersion(), v -> new TreeMap<>()).put(f.getWindowStart(), f.getDriftDetected());
            }
          }
        }
      }
    }
    Map<String, List<String>> expected = new TreeMap<>();
    verdicts.forEach((v, byWindow) -> {
      List<String> events = scan(byWindow);
      if (!events.isEmpty()) {
        expected.put(v, events);
      }
    });
    System.out.printf(Locale.ROOT, "[scale-out] action records %s%n", actions);
    assertThat(actions).as("episodes per version, against the published verdicts").isEqualTo(expected);
    assertThat(seen).as("some episode opened").anyMatch(k -> k.endsWith(" opened"));
  }

  /** Opened at the third consecutive drifted verdict while closed, cleared at the third undrifted one while open. */
  private static List<String> scan(TreeMap<Long, Boolean> verdicts) {
    List<String> out = new ArrayList<>();
    boolean open = false;
    int streak = 0;
    for (Map.Entry<Long, Boolean> w : verdicts.entrySet()) {
      streak = w.getValue() != open ? streak + 1 : 0;
      if (streak == 3) {
        out.add((open ? "cleared" : "opened") + "@" + w.getKey());
        open = !open;
        streak = 0;
      }
    }
    return out;
  }

  private interface Decoding<T> {
    T get() throws IOException;
  }

  private static <T> T decode(Decoding<T> d) {
    try {
      return d.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Adds a model-window record's event count under "model/version/windowStart": each window once. */
  private static void addOnce(Map<String, Long> published, ConsumerRecord<String, byte[]> r) {
    ModelWindow w = decode(r.value());
    String k = w.getModelName() + "/" + w.getModelVersion() + "/" + w.getWindowStart();
    assertThat(published.put(k, w.getEventCount())).as("window %s published once", k).isNull();
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
  private static boolean exportsGauges(PqpRuntime r, String version) {
    return !r.registry().find("ml.model.info").tag("model_version", version).gauges().isEmpty();
  }

  /** Waits until every instance runs and every version is exported by exactly one of them. */
  private static void awaitOnePerVersion(List<PqpRuntime> live, String step) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline && !(live.stream().allMatch(r -> r.streams().state() == KafkaStreams.State.RUNNING)
        && VERSIONS.stream().allMatch(v -> live.stream().filter(r -> exportsGauges(r, v)).count() == 1))) {
      Thread.sleep(100);
    }
    System.out.printf(Locale.ROOT, "[scale-out] %s: every version on exactly one instance after %.1f s (records "
        + "counted %s)%n", step, (System.nanoTime() - t0) / 1e9, live.stream().map(r -> (long) records(r)).toList());
    assertThat(VERSIONS).as(step).allSatisfy(v ->
        assertThat(live.stream().filter(r -> exportsGauges(r, v)).count()).as("instances exporting %s", v).isEqualTo(1));
  }

  private static void watch(List<PqpRuntime> live, AtomicBoolean running, AtomicInteger overlaps) {
    while (running.get()) {
      for (String v : VERSIONS) {
        if (live.stream().filter(r -> exportsGauges(r, v)).count() > 1) {
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
    long start = System.currentTimeMillis();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
      int id = 0;
      while (running.get()) {
        long ts = System.currentTimeMillis();
        for (String v : VERSIONS) {
          String model = "scale-" + v;
          Map<String, Object> e = Map.of("prediction_id", "o" + id, "model_name", model, "model_version", v,
              "timestamp", ts, "features", Map.of("x", r.nextGaussian() + ((ts - start) / (4 * WINDOW_MS) % 2 == 1 ? 4 : 0)),
              "prediction", Map.of("score", r.nextDouble()));
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
