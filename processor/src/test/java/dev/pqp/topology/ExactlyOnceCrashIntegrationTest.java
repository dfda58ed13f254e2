package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.pqp.demo.EventEncoder;
import dev.pqp.demo.TrafficGenerator;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §4 and §8: exactly-once must really hold for the heap profiles. The broker runs in this JVM, the
 * processor ({@code pqp.jar run}) in child JVMs. The same input is processed twice from the same topic:
 * run A without interruption, run B killed with SIGKILL several times at random points of the input and
 * restarted (sometimes on its state directory, sometimes on an empty one so that the state comes back
 * from the changelogs), then run to the end. What B committed (read_committed) must equal what A
 * committed: the same derived records, exactly once each, the same counts, and the same final changelog
 * state (no window left open, nothing dropped as late).
 *
 * <p>Run-to-run differences that are not crash effects: the KLL sketches compact with a random coin, so
 * quantiles, drift statistics and drift scores differ slightly between two runs even without a crash.
 * They are not compared. Means come from sums merged in arrival order, so they are compared within a
 * relative 1e-9, not bit for bit.
 *
 * <p>{@code -Dcrash.seed=N} replays the kill schedule of a previous run (the seed is printed).
 */
class ExactlyOnceCrashIntegrationTest {
  private static final String PREDICTIONS = "ml.predictions";
  private static final String GROUND_TRUTH = "ml.ground-truth";
  private static final int PARTITIONS = 4;
  private static final int EVENTS = 100_000;
  private static final long SPACING_MS = 1;
  private static final long WINDOW_MS = 10_000;
  private static final long GAP_MS = 30_000;
  /** A fixed, window-aligned start inside the validator's accepted past age. */
  private static final long START_MS = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
  private static final int KILLS = 4;
  private static final Duration RUN_DEADLINE = Duration.ofSeconds(75);
  private static final Path LOGS = Path.of("target", "crash-it");

  @TempDir Path tmp;

  @Test
  void aProcessorKilledAtRandomPointsCommitsExactlyWhatAnUninterruptedRunCommits() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    System.out.printf("[crash-it] seed %d (-Dcrash.seed=%d replays the kill schedule)%n", seed, seed);
    Random random = new Random(seed);
    Files.createDirectories(LOGS);
    long t0 = System.nanoTime();
    // The input's event times lie in the past (a fixed start), and records are stored with them: the
    // broker's default 7-day time retention would delete input and output segments 30 s after start-up.
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, tmp.resolve("kafka"), Map.of("log.retention.ms", "-1"));
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      String bootstrap = kafka.bootstrapServers();
      List<NewTopic> topics = new ArrayList<>();
      for (String t : List.of(PREDICTIONS, GROUND_TRUTH, "A.feature-drift", "A.model-window", "B.feature-drift", "B.model-window")) {
        topics.add(new NewTopic(t, PARTITIONS, (short) 1));
      }
      admin.createTopics(topics).all().get();
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
      Input input = publish(bootstrap);
      assertThat(input.ends.values().stream().mapToLong(Long::longValue).sum())
          .as("records on %s (every valid and bad prediction published)", PREDICTIONS).isEqualTo(input.published);
      System.out.printf("[crash-it] published %d predictions (%d valid) in %d windows, %.1f s%n",
          input.published, input.valid, input.validPerWindow.size(), seconds(t0));

      Harness h = new Harness(bootstrap, admin, input);
      long ta = System.nanoTime();
      Output a = h.uninterrupted("A", tmp.resolve("state-a"));
      System.out.printf("[crash-it] run A done in %.1f s%n", seconds(ta));
      long tb = System.nanoTime();
      Output b = h.killed("B", tmp.resolve("state-b"), random);
      System.out.printf("[crash-it] run B done in %.1f s%n", seconds(tb));

      // soft: a failure reports every difference at once (A's completeness, B vs A, B's completeness)
      SoftAssertions soft = new SoftAssertions();
      assertComplete(soft, "A", a, input);
      assertSameCommittedResults(soft, a, b);
      assertComplete(soft, "B", b, input);
      soft.assertAll();
      System.out.printf("[crash-it] A and B agree (%d feature-drift, %d model-window records), total %.1f s%n",
          a.featureDrift.size(), a.modelWindow.size(), seconds(t0));
    }
  }

  // ---------------------------------------------------------------------------------------------- input

  /** What was published: valid predictions per window start (over all model versions). */
  private record Input(long published, long valid, TreeMap<Long, Long> validPerWindow, Map<TopicPartition, Long> ends) {}

  private Input publish(String bootstrap) throws Exception {
    // Predictions only: ground truth is a separate sub-topology and does not reach the derived topics here.
    TrafficGenerator generator = new TrafficGenerator(42, START_MS + 60_000, 0.01, EventEncoder.json(), PREDICTIONS, GROUND_TRUTH);
    TreeMap<Long, Long> perWindow = new TreeMap<>();
    long published = 0;
    long valid = 0;
    // Not TrafficPublisher: on this fresh single-node broker its idempotent producer (5 requests in flight)
    // got NOT_LEADER_OR_FOLLOWER on the first sends, then OUT_OF_ORDER_SEQUENCE_NUMBER for minutes, and
    // lost records without telling. One request in flight, and every send checked.
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < EVENTS; i++) {
        // halfway an event-time gap longer than window + grace, and every 101st event 1.5 s late (within
        // grace): a stage-1 task then forwards a late partial and the window before the gap in one batch
        long ts = START_MS + i * SPACING_MS + (i >= EVENTS / 2 ? GAP_MS : 0) - (i % 101 == 100 ? 1_500 : 0);
        List<TrafficGenerator.Out> predictions = generator.next(ts).stream()
            .filter(o -> o.kind() == TrafficGenerator.Kind.PREDICTION).toList();
        for (TrafficGenerator.Out o : predictions) {
          sends.add(producer.send(new ProducerRecord<>(PREDICTIONS, null, o.timestampMs(), o.key(), o.value())));
          published++;
          if (!o.bad()) {
            valid++;
            perWindow.merge(ts - Math.floorMod(ts, WINDOW_MS), 1L, Long::sum);
          }
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : sends) {
        f.get(); // throws if a record was not written
      }
    }
    Map<TopicPartition, Long> ends = new HashMap<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(PREDICTIONS, p), OffsetSpec.latest());
      }
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    }
    return new Input(published, valid, perWindow, ends);
  }

  /** A producer that writes to a topic created a moment ago gets NOT_LEADER errors and, idempotent, may lose records. */
  private static void awaitLeaders(Admin admin, List<String> topics) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (admin.describeTopics(topics).allTopicNames().get().values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // metadata not propagated yet
      }
      Thread.sleep(100);
    }
    fail("no leaders for " + topics);
  }

  // ----------------------------------------------------------------------------------------- processes

  /** Runs processors and reads what they committed. */
  private final class Harness {
    private final String bootstrap;
    private final Admin admin;
    private final Input input;

    Harness(String bootstrap, Admin admin, Input input) {
      this.bootstrap = bootstrap;
      this.admin = admin;
      this.input = input;
    }

    Output uninterrupted(String app, Path stateDir) throws Exception {
      Process p = start(app, stateDir, 0);
      try (OutputReader reader = new OutputReader(bootstrap, app)) {
        awaitComplete(app, p, reader);
      } finally {
        stop(p);
      }
      return read(app);
    }

    Output killed(String app, Path stateDir, Random random) throws Exception {
      long total = input.ends.values().stream().mapToLong(Long::longValue).sum();
      // Kill points as shares of the input offsets committed by the group, spread over the input, plus a
      // random delay so a kill can also land inside a restore or between commits.
      List<Double> targets = random.doubles(KILLS, 0.05, 0.95).sorted().boxed().toList();
      List<String> kills = new ArrayList<>();
      Process p = start(app, stateDir, 0);
      long lastCommitted = 0;
      for (int k = 0; k < KILLS; k++) {
        long started = System.nanoTime();
        long target = Math.max((long) (targets.get(k) * total), lastCommitted + 1);
        while (committed(app) < target && seconds(started) < 30) {
          assertAlive(p, app);
          Thread.sleep(50);
        }
        Thread.sleep(random.nextInt(1500));
        long before = committed(app);
        long modelWindows;
        try (OutputReader reader = new OutputReader(bootstrap, app)) {
          reader.poll();
          modelWindows = reader.modelWindows.size();
        }
        p.destroyForcibly();
        int exit = p.waitFor();
        // Process.destroyForcibly() is SIGKILL on Linux: the exit status of a signalled child is 128 + 9.
        assertThat(exit).as("exit status of the killed processor (SIGKILL)").isEqualTo(137);
        lastCommitted = committed(app);
        boolean fresh = k % 2 == 1;
        String where = String.format("kill %d after %.1f s of run %d: input offsets committed %d/%d (%.0f%%, target %.0f%%), "
                + "committed model-window records %d; restart with %s", k + 1, seconds(started), k + 1, before, total,
            100.0 * before / total, 100.0 * targets.get(k), modelWindows,
            fresh ? "an EMPTY state dir (full changelog restore)" : "the same state dir");
        System.out.println("[crash-it] " + where);
        kills.add(where);
        if (fresh) {
          deleteRecursively(stateDir);
        }
        p = start(app, stateDir, k + 1);
      }
      try (OutputReader reader = new OutputReader(bootstrap, app)) {
        awaitComplete(app, p, reader);
      } finally {
        stop(p);
      }
      System.out.printf("[crash-it] run %s: %d kills (SIGKILL)%n", app, kills.size());
      assertThat(kills).hasSize(KILLS);
      return read(app);
    }

    private Process start(String app, Path stateDir, int attempt) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String jar = System.getProperty("pqp.jar", "target/pqp.jar");
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar, "run",
          "--bootstrap-servers", bootstrap, "--application-id", app, "--state-dir", stateDir.toString(),
          "--http-port", "0", "--window", "10s", "--grace", "2s",
          "--set", "window.idle-flush=5s",
          "--set", "topics.feature-drift=" + app + ".feature-drift",
          "--set", "topics.model-window=" + app + ".model-window",
          "--set", "topics.dead-letter=" + app + ".dead-letter",
          "--set", "topics.performance=" + app + ".performance",
          "--kafka", "consumer.session.timeout.ms=6000",
          "--kafka", "commit.interval.ms=200"));
      cmd.addAll(extraArgs(app));
      Path log = LOGS.resolve(app + "-" + attempt + ".log");
      return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Extra processor arguments of a run, e.g. {@code -Dcrash.B.args=--set,processing.guarantee=at-least-once}. */
    private List<String> extraArgs(String app) {
      String extra = System.getProperty("crash." + app + ".args", "");
      return extra.isBlank() ? List.of() : List.of(extra.split(","));
    }

    /** Waits until the input is consumed and every window has its model-window record, then 3 s of quiet. */
    private void awaitComplete(String app, Process p, OutputReader reader) throws Exception {
      long total = input.ends.values().stream().mapToLong(Long::longValue).sum();
      int expectedWindows = input.validPerWindow.size() * 2; // claims-risk v1 and v2 in every window
      long started = System.nanoTime();
      long lastChange = System.nanoTime();
      int seen = -1;
      while (seconds(started) < RUN_DEADLINE.toSeconds()) {
        assertAlive(p, app);
        int n = reader.poll();
        if (n != seen) {
          seen = n;
          lastChange = System.nanoTime();
        }
        if (reader.windows().size() >= expectedWindows && committed(app) >= total && seconds(lastChange) >= 3) {
          return;
        }
        Thread.sleep(200);
      }
      System.out.printf("[crash-it] run %s: not complete after %s: %d/%d windows, input %d/%d committed%n",
          app, RUN_DEADLINE, reader.windows().size(), expectedWindows, committed(app), total);
    }

    private void assertAlive(Process p, String app) {
      if (!p.isAlive()) {
        fail("processor " + app + " exited with " + p.exitValue() + "; see " + LOGS.toAbsolutePath());
      }
    }

    private long committed(String app) throws Exception {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(PREDICTIONS) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    }

    private void stop(Process p) throws InterruptedException {
      p.destroy();
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }

    private Output read(String app) throws Exception {
      try (OutputReader reader = new OutputReader(bootstrap, app)) {
        reader.poll();
        return new Output(reader.featureDrifts, reader.modelWindows, reader.latest(app + "-" + PartialProfiler.STORE + "-changelog"),
            reader.latest(app + "-" + WindowFinalizer.WINDOWS + "-changelog"),
            reader.latest(app + "-" + WindowFinalizer.VERSIONS + "-changelog"),
            reader.latest(app + "-" + WindowFinalizer.MODELS + "-changelog"));
      }
    }
  }

  // ------------------------------------------------------------------------------------------- outputs

  /** Everything a run committed; the maps hold the latest changelog value per key (null = tombstone). */
  private record Output(List<FeatureDrift> featureDrift, List<ModelWindow> modelWindow, Map<String, byte[]> stage1,
      Map<String, byte[]> stage2Windows, Map<String, byte[]> stage2Versions, Map<String, byte[]> stage2Models) {}

  /** A read_committed consumer over a run's derived topics, read incrementally from the beginning. */
  private static final class OutputReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String bootstrap;
    final List<FeatureDrift> featureDrifts = new ArrayList<>();
    final List<ModelWindow> modelWindows = new ArrayList<>();

    OutputReader(String bootstrap, String app) {
      this.bootstrap = bootstrap;
      this.consumer = consumer(bootstrap);
      List<TopicPartition> tps = new ArrayList<>();
      for (String topic : List.of(app + ".feature-drift", app + ".model-window")) {
        for (int p = 0; p < PARTITIONS; p++) {
          tps.add(new TopicPartition(topic, p));
        }
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
    }

    static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
      return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
          ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
          ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
          new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads up to the last stable offsets; returns the number of records read so far. */
    int poll() throws IOException {
      Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
      long deadline = System.currentTimeMillis() + 10_000;
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
          && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (r.topic().endsWith(".feature-drift")) {
            featureDrifts.add(FeatureDrift.getDecoder().decode(r.value()));
          } else {
            modelWindows.add(ModelWindow.getDecoder().decode(r.value()));
          }
        }
      }
      return featureDrifts.size() + modelWindows.size();
    }

    Set<String> windows() {
      return modelWindows.stream().map(ExactlyOnceCrashIntegrationTest::key).collect(Collectors.toSet());
    }

    /** The latest value per key of a changelog, read_committed, from a separate consumer. */
    Map<String, byte[]> latest(String topic) {
      Map<String, byte[]> latest = new TreeMap<>();
      try (KafkaConsumer<String, byte[]> c = consumer(bootstrap)) {
        List<TopicPartition> tps = c.partitionsFor(topic).stream()
            .map(i -> new TopicPartition(topic, i.partition())).toList();
        c.assign(tps);
        c.seekToBeginning(tps);
        Map<TopicPartition, Long> ends = c.endOffsets(tps);
        long deadline = System.currentTimeMillis() + 20_000;
        while (tps.stream().anyMatch(tp -> c.position(tp) < ends.get(tp)) && System.currentTimeMillis() < deadline) {
          for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
            latest.put(r.key(), r.value());
          }
        }
      }
      return latest;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  // ------------------------------------------------------------------------------------------ asserts

  private static String key(ModelWindow w) {
    return w.getModelName() + "/" + w.getModelVersion() + "@" + w.getWindowStart();
  }

  private static String key(FeatureDrift f) {
    return f.getModelName() + "/" + f.getModelVersion() + "@" + f.getWindowStart() + "#" + f.getFeatureName();
  }

  private static void assertComplete(SoftAssertions soft, String run, Output o, Input input) {
    Map<Long, Long> perWindow = new TreeMap<>();
    o.modelWindow.forEach(w -> perWindow.merge(w.getWindowStart(), w.getEventCount(), Long::sum));
    soft.assertThat(perWindow).as("run %s: events per window (all versions) = valid predictions published", run)
        .isEqualTo(input.validPerWindow);
    soft.assertThat(o.modelWindow.stream().mapToLong(ModelWindow::getEventCount).sum())
        .as("run %s: sum of event_count = valid predictions published", run).isEqualTo(input.valid);
  }

  private static void assertSameCommittedResults(SoftAssertions soft, Output a, Output b) {
    Map<String, List<ModelWindow>> wa = group(a.modelWindow, ExactlyOnceCrashIntegrationTest::key);
    Map<String, List<ModelWindow>> wb = group(b.modelWindow, ExactlyOnceCrashIntegrationTest::key);
    soft.assertThat(duplicates(wa)).as("run A: model windows committed more than once").isEmpty();
    soft.assertThat(duplicates(wb)).as("run B: model windows committed more than once").isEmpty();
    soft.assertThat(wb.keySet()).as("model windows of B vs A").isEqualTo(wa.keySet());
    List<String> diffs = new ArrayList<>();
    wa.forEach((k, list) -> {
      if (!wb.containsKey(k)) {
        return; // reported above
      }
      ModelWindow x = list.get(0);
      ModelWindow y = wb.get(k).get(0);
      same(diffs, k, "event_count", x.getEventCount(), y.getEventCount());
      same(diffs, k, "late_event_count", x.getLateEventCount(), y.getLateEventCount());
      same(diffs, k, "feature_count", x.getFeatureCount(), y.getFeatureCount());
      same(diffs, k, "reference_kind", x.getReferenceKind().toString(), y.getReferenceKind().toString());
      same(diffs, k, "score_histogram", x.getScoreHistogram(), y.getScoreHistogram());
      same(diffs, k, "class_counts", strings(x.getClassCounts()), strings(y.getClassCounts()));
      same(diffs, k, "status_counts", strings(x.getStatusCounts()), strings(y.getStatusCounts()));
    });

    Map<String, List<FeatureDrift>> fa = group(a.featureDrift, ExactlyOnceCrashIntegrationTest::key);
    Map<String, List<FeatureDrift>> fb = group(b.featureDrift, ExactlyOnceCrashIntegrationTest::key);
    soft.assertThat(duplicates(fa)).as("run A: feature-drift records committed more than once").isEmpty();
    soft.assertThat(duplicates(fb)).as("run B: feature-drift records committed more than once").isEmpty();
    soft.assertThat(new TreeSet<>(fb.keySet())).as("feature-drift keys of B vs A").isEqualTo(new TreeSet<>(fa.keySet()));
    fa.forEach((k, list) -> {
      if (!fb.containsKey(k)) {
        return; // reported above
      }
      FeatureDrift x = list.get(0);
      FeatureDrift y = fb.get(k).get(0);
      same(diffs, k, "count", x.getCount(), y.getCount());
      same(diffs, k, "missing_count", x.getMissingCount(), y.getMissingCount());
      same(diffs, k, "invalid_count", x.getInvalidCount(), y.getInvalidCount());
      same(diffs, k, "out_of_range_count", x.getOutOfRangeCount(), y.getOutOfRangeCount());
      same(diffs, k, "unseen_count", x.getUnseenCount(), y.getUnseenCount());
      same(diffs, k, "reference_kind", x.getReferenceKind().toString(), y.getReferenceKind().toString());
      close(diffs, k, "mean", x.getMean(), y.getMean());
      close(diffs, k, "min", x.getMin(), y.getMin());
      close(diffs, k, "max", x.getMax(), y.getMax());
      // quantiles, statistics, drift_score, drift_detected, movers: KLL sketches (random compaction), not compared.
    });
    soft.assertThat(diffs).as("differences between B (killed) and A (uninterrupted)").isEmpty();

    // The changelogs: nothing left open in either stage, and the same per-version state (no late drops).
    soft.assertThat(openKeys(a.stage1)).as("run A: stage-1 partials left in the changelog").isEmpty();
    soft.assertThat(openKeys(b.stage1)).as("run B: stage-1 partials left in the changelog").isEmpty();
    soft.assertThat(openKeys(a.stage2Windows)).as("run A: stage-2 windows left open in the changelog").isEmpty();
    soft.assertThat(openKeys(b.stage2Windows)).as("run B: stage-2 windows left open in the changelog").isEmpty();
    soft.assertThat(versionSummary(b.stage2Versions)).as("stage-2 version state of B vs A")
        .isEqualTo(versionSummary(a.stage2Versions));
    soft.assertThat(modelSummary(b.stage2Models)).as("stage-2 model state of B vs A")
        .isEqualTo(modelSummary(a.stage2Models));
    soft.assertThat(modelSummary(a.stage2Models).values()).as("no late drops in A").allMatch(v -> v.endsWith("lateDropped=0"));
  }

  /** Per model: the last finalized window end and the events dropped as late partials. */
  private static Map<String, String> modelSummary(Map<String, byte[]> latest) {
    Map<String, String> out = new TreeMap<>();
    latest.forEach((k, v) -> {
      if (v != null) {
        ModelState s = ModelState.CODEC.decode(v);
        out.put(k, "lastFinalizedEnd=" + s.lastFinalizedEnd + " lateDropped=" + s.lateDropped);
      }
    });
    return out;
  }

  private static List<String> openKeys(Map<String, byte[]> latest) {
    return latest.entrySet().stream().filter(e -> e.getValue() != null).map(e -> e.getKey().replace('\0', '/')).toList();
  }

  /** Per version: windows in the baseline, when it was first seen, its request totals. */
  private static Map<String, String> versionSummary(Map<String, byte[]> latest) {
    Map<String, String> out = new TreeMap<>();
    latest.forEach((k, v) -> {
      if (v != null) {
        VersionState s = VersionState.CODEC.decode(v);
        long requests = s.totals.routes().values().stream().flatMap(r -> r.statuses().values().stream())
            .mapToLong(Long::longValue).sum();
        out.put(k.replace('\0', '/'), "baselineWindows=" + s.baseline.windows() + " baselineStart=" + s.baseline.start()
            + " firstSeen=" + s.firstSeenMs + " requests=" + requests + " scoreBuckets="
            + java.util.Arrays.toString(s.totals.scoreBuckets()));
      }
    });
    return out;
  }

  private static <T> Map<String, List<T>> group(Collection<T> records, java.util.function.Function<T, String> key) {
    return records.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
  }

  private static <T> Map<String, Integer> duplicates(Map<String, List<T>> grouped) {
    Map<String, Integer> d = new TreeMap<>();
    grouped.forEach((k, v) -> {
      if (v.size() > 1) {
        d.put(k, v.size());
      }
    });
    return d;
  }

  private static Map<String, Long> strings(Map<? extends CharSequence, Long> m) {
    return m.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue, (x, y) -> x, TreeMap::new));
  }

  private static void same(List<String> diffs, String key, String field, Object a, Object b) {
    if (!java.util.Objects.equals(a, b)) {
      diffs.add(key.replace('\0', '/') + " " + field + ": A=" + a + " B=" + b);
    }
  }

  private static void close(List<String> diffs, String key, String field, Double a, Double b) {
    if (a == null || b == null) {
      same(diffs, key, field, a, b);
    } else if (Math.abs(a - b) > 1e-9 * Math.max(1e-300, Math.max(Math.abs(a), Math.abs(b)))) {
      diffs.add(key + " " + field + ": A=" + a + " B=" + b);
    }
  }

  // ------------------------------------------------------------------------------------------- helpers

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
