package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.app.PqpRuntime;
import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input gives the same windows however fast it is read: live at its own pace, as a backlog by a
 * fresh application id, and as a backlog by three instances at once (which rebalance while they catch
 * up). The input has what made a backlog lose events before: on every partition, a late event of the
 * previous window (within grace) right before an event-time gap longer than window + grace, so that a
 * stage-1 task forwards the late partial and the last window before the gap in one batch after the gap.
 * Every run must count every event in its window (exact counts computed here from what was sent), with
 * equal means, and drop nothing as late. Four in five predictions get a label a moment later, so the
 * ground-truth join runs too: every run's final {@code ml.quality.performance} record per window and
 * version has the prediction count, labelled count and accuracy computed here. Two in five predictions get a
 * business outcome on its own ground-truth event (a click with a value), so the figures of the outcomes joined by
 * prediction_id are checked too: per window and version the count exact and the sum of the values to 1e-9.
 * Kills are the crash test's part ({@link ExactlyOnceCrashIntegrationTest}).
 */
class BacklogEquivalenceIntegrationTest {
  private static final int PARTITIONS = 4;
  private static final long WINDOW_MS = 2_000;
  private static final long GRACE_MS = 1_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of("log.retention.ms", "-1"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  /**
   * What was sent: per window start and version, the event count and the sum of feature x, and
   * {predictions, labelled, right at threshold 0.5}.
   */
  private record Expected(Map<String, Long> counts, Map<String, Double> sums, Map<String, long[]> outcomes,
      Map<String, double[]> clicks) {}

  @Test
  void shouldGiveTheSameWindowsLiveAsABacklogAndWithThreeInstances() throws Exception {
    PqpConfig live = config("live", "live");
    TopicSetup.ensure(live);
    awaitLeaders(live.topics().predictions());
    Expected expected;
    try (PqpRuntime runtime = PqpRuntime.start(live)) {
      awaitRunning(List.of(runtime));
      expected = publishLive(live.topics().predictions(), live.topics().groundTruth());
      assertRun("live", List.of(runtime), expected);
    }
    PqpConfig backlog = config("backlog", "backlog");
    try (PqpRuntime runtime = PqpRuntime.start(backlog)) {
      assertRun("backlog", List.of(runtime), expected);
    }
    List<PqpRuntime> three = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        three.add(PqpRuntime.start(config("three", "three-" + i)));
      }
      assertRun("three instances", three, expected);
    } finally {
      three.forEach(PqpRuntime::close);
    }
  }

  private static PqpConfig config(String app, String instance) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("application.id", "equiv-" + app);
    s.put("state.dir", dir.resolve("state-" + instance).toString());
    s.put("http.port", "0");
    s.put("output.format", "avro"); // read back with the Avro classes' decoders
    s.put("window.size", WINDOW_MS + "ms");
    s.put("window.grace", GRACE_MS + "ms");
    s.put("window.idle-flush", "3s");
    s.put("topics.partitions", Integer.toString(PARTITIONS));
    s.put("topics.feature-drift", app + ".feature-drift");
    s.put("topics.model-window", app + ".model-window");
    s.put("topics.performance", app + ".performance");
    s.put("ground-truth.enabled", "true");
    s.put("performance.emit-interval", "1s");
    s.put("performance.min-labels", "1");
    s.put("kafka.consumer.session.timeout.ms", "6000");
    return ConfigLoader.load(null, Map.of(), s);
  }

  /**
   * Sends, in real time, 4 s of events, a late event of the previous window on every partition, a gap of
   * 6 s (longer than window + grace), then 4 s more. Event time is the wall clock at sending.
   */
  private static Expected publishLive(String topic, String labels) throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Double> sums = new TreeMap<>();
    Map<String, long[]> outcomes = new TreeMap<>();
    Map<String, double[]> clicks = new TreeMap<>();
    Random r = new Random(5);
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.LINGER_MS_CONFIG, 0),
        new StringSerializer(), new ByteArraySerializer())) {
      int[] id = {0};
      java.util.function.BiConsumer<Integer, Long> send = (partition, ts) -> {
        String version = r.nextDouble() < 0.25 ? "v2" : "v1";
        double x = Math.round(r.nextGaussian() * 1000) / 100.0;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("prediction_id", "e" + id[0]++);
        e.put("model_name", "equiv");
        e.put("model_version", version);
        e.put("timestamp", ts);
        e.put("features", Map.of("x", x));
        double score = r.nextDouble();
        e.put("prediction", Map.of("score", score));
        String key = (ts - Math.floorMod(ts, WINDOW_MS)) + "/" + version;
        counts.merge(key, 1L, Long::sum);
        sums.merge(key, x, Double::sum);
        long[] o = outcomes.computeIfAbsent(key, k -> new long[3]);
        o[0]++;
        boolean labelled = r.nextDouble() < 0.8;
        boolean positive = r.nextDouble() < score;
        try {
          sends.add(producer.send(new ProducerRecord<>(topic, partition, ts, null, JSON.writeValueAsBytes(e))));
          if (labelled) {
            o[1]++;
            o[2] += (score >= 0.5) == positive ? 1 : 0;
            Map<String, Object> label = Map.of("prediction_id", e.get("prediction_id"), "timestamp", ts + 1 + r.nextInt(300),
                "label", positive ? "1" : "0");
            sends.add(producer.send(new ProducerRecord<>(labels, partition, ts, null, JSON.writeValueAsBytes(label))));
          }
          if (r.nextDouble() < 0.4) {
            double value = Math.round(r.nextDouble() * 1e5) / 100.0;
            double[] c = clicks.computeIfAbsent(key, k -> new double[2]);
            c[0]++;
            c[1] += value;
            Map<String, Object> click = Map.of("prediction_id", e.get("prediction_id"), "timestamp",
                ts + 1 + r.nextInt(300), "outcomes", Map.of("click", value));
            sends.add(producer.send(new ProducerRecord<>(labels, partition, ts, null, JSON.writeValueAsBytes(click))));
          }
        } catch (java.io.IOException ex) {
          throw new java.io.UncheckedIOException(ex);
        }
      };
      sendFor(send, 4_000);
      // 300 to 500 ms into a window: the previous window ended, and its late event is well within grace
      long now = System.currentTimeMillis();
      while (Math.floorMod(now, WINDOW_MS) < 300 || Math.floorMod(now, WINDOW_MS) >= 500) {
        Thread.sleep(5);
        now = System.currentTimeMillis();
      }
      long end = now - Math.floorMod(now, WINDOW_MS);
      for (int p = 0; p < PARTITIONS; p++) {
        send.accept(p, now);
        send.accept(p, end - 1 - r.nextInt(200)); // late: the previous window, within grace
      }
      producer.flush();
      Thread.sleep(6_000);
      sendFor(send, 4_000);
      producer.flush();
      for (Future<RecordMetadata> f : sends) {
        f.get();
      }
    }
    return new Expected(counts, sums, outcomes, clicks);
  }

  private static void sendFor(java.util.function.BiConsumer<Integer, Long> send, long millis) throws InterruptedException {
    long until = System.currentTimeMillis() + millis;
    while (System.currentTimeMillis() < until) {
      for (int p = 0; p < PARTITIONS; p++) {
        send.accept(p, System.currentTimeMillis());
      }
      Thread.sleep(5);
    }
  }

  /** Waits until the run committed a model-window record for every expected window, then compares. */
  private static void assertRun(String run, List<PqpRuntime> instances, Expected expected) throws Exception {
    PqpConfig config = instances.get(0).config();
    Map<String, ModelWindow> windows = new TreeMap<>();
    Map<String, List<FeatureDrift>> drift = new TreeMap<>();
    read(config, expected.counts().size(), windows, drift, Duration.ofSeconds(90));
    SoftAssertions soft = new SoftAssertions();
    Map<String, Long> counts = new TreeMap<>();
    windows.forEach((k, w) -> counts.put(k, w.getEventCount()));
    soft.assertThat(counts).as("%s: events per window and version", run).isEqualTo(expected.counts());
    expected.sums().forEach((k, sum) -> {
      List<FeatureDrift> f = drift.get(k);
      soft.assertThat(f).as("%s: one feature-drift record for %s", run, k).hasSize(1);
      if (f != null && !f.isEmpty()) {
        soft.assertThat(f.get(0).getMean() * f.get(0).getCount()).as("%s: sum of x in %s", run, k)
            .isCloseTo(sum, org.assertj.core.api.Assertions.within(1e-6));
      }
    });
    double lateEvents = 0;
    double latePartials = 0;
    for (PqpRuntime i : instances) {
      lateEvents += count(i, "pqp.late.events.dropped");
      latePartials += count(i, "pqp.late.partials.dropped");
    }
    soft.assertThat(lateEvents).as("%s: late events dropped", run).isZero();
    soft.assertThat(latePartials).as("%s: late partials dropped", run).isZero();
    Map<String, List<Long>> performance = new TreeMap<>();
    Map<String, dev.pqp.schema.Performance> records = readPerformance(config, expected);
    records.forEach((k, p) -> performance.put(k,
        List.of(p.getPredictionCount(), p.getLabelledCount(), p.getCorrectCount() == null ? 0L : p.getCorrectCount())));
    Map<String, List<Long>> want = new TreeMap<>();
    expected.outcomes().forEach((k, o) -> want.put(k, List.of(o[0], o[1], o[2])));
    soft.assertThat(performance).as("%s: {predictions, labelled, right} per window and version", run).isEqualTo(want);
    Map<String, Long> clicks = new TreeMap<>();
    Map<String, Long> wantClicks = new TreeMap<>();
    records.forEach((k, p) -> p.getOutcomes().forEach(o -> {
      clicks.put(k, o.getCount());
      double sum = expected.clicks().getOrDefault(k, new double[2])[1];
      soft.assertThat(o.getValueSum()).as("%s: sum of the click values of %s", run, k)
          .isCloseTo(sum, org.assertj.core.api.Assertions.within(Math.abs(sum) * 1e-9));
    }));
    expected.clicks().forEach((k, c) -> wantClicks.put(k, (long) c[0]));
    soft.assertThat(clicks).as("%s: clicks per window and version", run).isEqualTo(wantClicks);
    soft.assertAll();
  }

  private static long clicks(dev.pqp.schema.Performance p) {
    return p.getOutcomes().stream().mapToLong(dev.pqp.schema.BusinessOutcome::getCount).sum();
  }

  /**
   * The latest performance record per window and version ("start/version"), once every window has all
   * its labels (or after 60 s), read committed.
   */
  private static Map<String, dev.pqp.schema.Performance> readPerformance(PqpConfig config, Expected want) {
    Map<String, long[]> expected = want.outcomes();
    Map<String, dev.pqp.schema.Performance> latest = new TreeMap<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (KafkaConsumer<String, byte[]> c = committedConsumer()) {
      c.subscribe(List.of(config.topics().performance()));
      while (System.nanoTime() < deadline && !expected.entrySet().stream().allMatch(e -> latest.containsKey(e.getKey())
          && latest.get(e.getKey()).getLabelledCount() == e.getValue()[1]
          && clicks(latest.get(e.getKey())) == (long) want.clicks().getOrDefault(e.getKey(), new double[2])[0])) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
          var p = decode(() -> dev.pqp.schema.Performance.getDecoder().decode(r.value()));
          latest.put(p.getWindowStart() + "/" + p.getModelVersion(), p);
        }
      }
    }
    return latest;
  }

  private static KafkaConsumer<String, byte[]> committedConsumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
  }

  private static double count(PqpRuntime runtime, String name) {
    Counter c = runtime.registry().find(name).counter();
    return c == null ? 0 : c.count();
  }

  private static void read(PqpConfig config, int expectedWindows, Map<String, ModelWindow> windows,
      Map<String, List<FeatureDrift>> drift, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> c = committedConsumer()) {
      c.subscribe(List.of(config.topics().modelWindow(), config.topics().featureDrift()));
      // a few seconds more after the last expected window, so that a doubled record would be seen
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, quietUntil)) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(300))) {
          if (r.topic().equals(config.topics().modelWindow())) {
            ModelWindow w = decode(() -> ModelWindow.getDecoder().decode(r.value()));
            String k = w.getWindowStart() + "/" + w.getModelVersion();
            assertThat(windows.put(k, w)).as("window %s written once", k).isNull();
          } else {
            FeatureDrift f = decode(() -> FeatureDrift.getDecoder().decode(r.value()));
            drift.computeIfAbsent(f.getWindowStart() + "/" + f.getModelVersion(), k -> new ArrayList<>()).add(f);
          }
        }
        if (windows.size() >= expectedWindows && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        }
      }
    }
  }

  private interface IoSupplier<T> {
    T get() throws java.io.IOException;
  }

  private static <T> T decode(IoSupplier<T> s) {
    try {
      return s.get();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void awaitRunning(List<PqpRuntime> runtimes) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline
        && runtimes.stream().anyMatch(r -> r.streams().state() != org.apache.kafka.streams.KafkaStreams.State.RUNNING)) {
      Thread.sleep(100);
    }
  }

  private static void awaitLeaders(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        var d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
        Thread.sleep(100);
      }
    }
  }
}
