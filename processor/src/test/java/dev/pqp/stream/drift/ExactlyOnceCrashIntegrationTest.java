package dev.pqp.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.demo.EventEncoder;
import dev.pqp.demo.TrafficGenerator;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.schema.Action;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Performance;
import dev.pqp.stream.groundtruth.GroundTruthPlan;
import dev.pqp.stream.groundtruth.PerformanceAggregator;
import dev.pqp.testing.Exposition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
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
 * Exactly-once must really hold for the heap profiles. The broker runs in this JVM, the
 * processor ({@code pqp.jar run}) in child JVMs. The same input is processed twice from the same topic:
 * run A without interruption, run B killed with SIGKILL several times at random points of the input and
 * restarted (sometimes on its state directory, sometimes on an empty one so that the state comes back
 * from the changelogs), then run to the end. What B committed (read_committed) must equal what A
 * committed: the same derived records, exactly once each, the same counts, and the same final changelog
 * state (no window left open, nothing dropped as late).
 *
 * <p>The input drifts from its 60th second, so each version's retraining episode opens: both runs must commit
 * the same action records ({@code ml.quality.actions}), each once.
 *
 * <p>Both runs join ground truth ({@link GroundTruthPlan}: labels after, before and long after their
 * predictions, duplicates, orphans, ids never predicted, interleaved with the predictions), so the kills
 * land while the join matches and expires. What both must end with: the last {@code ml.quality.performance}
 * record of every window equal field by field, and the final {@code pqp_ground_truth_total} of every
 * result on the processor's /metrics equal to what the plan built the input for. The join runs
 * co-partitioned with {@code max.task.idle.ms=0}: each join task then reads its partitions of predictions
 * and ground truth in timestamp order, waiting for records that are on the broker but not fetched yet.
 * pqp's default ({@code -1}, and the repartition by prediction_id in its own sub-topology) processes
 * whatever is fetched: when the ground truth runs ahead of the predictions, as it does on this input where
 * the labels are few and quickly read, labels wait as early ones and expire before their predictions come,
 * and the counts depend on how far ahead they ran, crash or no crash. (Run A with those defaults: every
 * label read when 81% of the predictions were; early_expired 973 where 25 are due, matched 53 of 1,217.)
 *
 * <p>Run-to-run differences that are not crash effects: the KLL sketches compact with a random coin, so
 * quantiles, drift statistics and drift scores differ slightly between two runs even without a crash.
 * They are not compared. Means come from sums merged in arrival order, so they are compared within a
 * relative 1e-9, not bit for bit; so are log loss and Brier score, sums over a window's outcomes in arrival
 * order. The performance sketches (ROC AUC, label delays) hold every value of a window (the plan keeps
 * windows under k labels), so they are compared exactly.
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
  /**
   * Run A took 42-51 s on two cores shared with other builds (load 5-9), the join 5-10 s of its CPU; when the
   * load spiked, 75 s were not enough.
   */
  private static final Duration RUN_DEADLINE = Duration.ofSeconds(120);
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
      for (String t : List.of(PREDICTIONS, GROUND_TRUTH, "A.feature-drift", "A.model-window", "A.performance",
          "A.actions", "B.feature-drift", "B.model-window", "B.performance", "B.actions")) {
        topics.add(new NewTopic(t, PARTITIONS, (short) 1));
      }
      admin.createTopics(topics).all().get();
      awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
      Input input = publish(bootstrap);
      assertThat(input.end(PREDICTIONS))
          .as("records on %s (every valid and bad prediction published)", PREDICTIONS).isEqualTo(input.published);
      assertThat(input.end(GROUND_TRUTH)).as("records on %s", GROUND_TRUTH).isEqualTo(input.plan.labels().size());
      System.out.printf("[crash-it] published %d predictions (%d valid) in %d windows and %d labels, %.1f s; "
              + "expected pqp_ground_truth_total %s%n", input.published, input.valid, input.validPerWindow.size(),
          input.plan.labels().size(), seconds(t0), input.plan.totals());

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
      assertSameActions(soft, a, b);
      assertComplete(soft, "B", b, input);
      assertJoined(soft, a, b, input.plan);
      soft.assertAll();
      System.out.printf("[crash-it] A and B agree (%d feature-drift, %d model-window records, %d performance windows, "
              + "ground truth %s), total %.1f s%n", a.featureDrift.size(), a.modelWindow.size(),
          lastPerKey(a.performance).size(), a.groundTruth, seconds(t0));
    }
  }

  // ---------------------------------------------------------------------------------------------- input

  /**
   * What was published: valid predictions per window start (over all model versions), the labels and what
   * the join must make of them, and the end offsets of both input topics.
   */
  private record Input(long published, long valid, TreeMap<Long, Long> validPerWindow, GroundTruthPlan plan,
      Map<TopicPartition, Long> ends) {
    long end(String topic) {
      return ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic)).mapToLong(Map.Entry::getValue).sum();
    }
  }

  /** A prediction (valid or bad) and where it is published: at its own time, a late one 1.5 s after it. */
  private record Placed(TrafficGenerator.Out out, long positionMs) {}

  private Input publish(String bootstrap) throws Exception {
    // The generator's own labels come minutes later, after the end of this input: the plan makes its own.
    TrafficGenerator generator = new TrafficGenerator(42, START_MS + 60_000, 0.01, EventEncoder.json(), PREDICTIONS, GROUND_TRUTH);
    List<Placed> predictions = new ArrayList<>(EVENTS);
    for (int i = 0; i < EVENTS; i++) {
      // halfway an event-time gap longer than window + grace, and every 101st event 1.5 s late (within
      // grace): a stage-1 task then forwards a late partial and the window before the gap in one batch
      long position = START_MS + i * SPACING_MS + (i >= EVENTS / 2 ? GAP_MS : 0);
      long ts = position - (i % 101 == 100 ? 1_500 : 0);
      generator.next(ts).stream().filter(o -> o.kind() == TrafficGenerator.Kind.PREDICTION)
          .forEach(o -> predictions.add(new Placed(o, position)));
    }
    GroundTruthPlan plan = GroundTruthPlan.of(valid(predictions), WINDOW_MS, 7);
    TreeMap<Long, Long> perWindow = new TreeMap<>();
    long published = 0;
    long valid = 0;
    // Not TrafficPublisher: on this fresh single-node broker its idempotent producer (5 requests in flight)
    // got NOT_LEADER_OR_FOLLOWER on the first sends, then OUT_OF_ORDER_SEQUENCE_NUMBER for minutes, and
    // lost records without telling. One request in flight, and every send checked.
    List<Future<RecordMetadata>> sends = new ArrayList<>();
    Map<Integer, Long> lastTail = new TreeMap<>();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
        ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
        new StringSerializer(), new ByteArraySerializer())) {
      // labels interleaved with the predictions by their place, each keyed by prediction_id like its prediction
      List<GroundTruthPlan.Label> labels = plan.labels();
      List<Future<RecordMetadata>> tail = new ArrayList<>();
      int next = 0;
      for (Placed placed : predictions) {
        for (; next < labels.size() && labels.get(next).positionMs() <= placed.positionMs(); next++) {
          send(producer, labels.get(next), sends, tail);
        }
        TrafficGenerator.Out o = placed.out();
        int copies = plan.duplicatedPredictions().contains(o.key()) ? 2 : 1;
        for (int c = 0; c < copies; c++) {
          sends.add(producer.send(new ProducerRecord<>(PREDICTIONS, null, o.timestampMs(), o.key(), o.value())));
          published++;
          if (!o.bad()) {
            valid++;
            perWindow.merge(o.timestampMs() - Math.floorMod(o.timestampMs(), WINDOW_MS), 1L, Long::sum);
          }
        }
      }
      for (; next < labels.size(); next++) {
        send(producer, labels.get(next), sends, tail);
      }
      producer.flush();
      for (Future<RecordMetadata> f : sends) {
        f.get(); // throws if a record was not written
      }
      for (Future<RecordMetadata> f : tail) {
        lastTail.merge(f.get().partition(), f.get().timestamp(), Math::max);
      }
    }
    // the plan's expiries need every join task's stream time to reach the end of the tail
    assertThat(lastTail).as("last tail label per ground-truth partition").hasSize(PARTITIONS)
        .allSatisfy((partition, t) -> assertThat(t).isGreaterThan(plan.tailEndMs() - 5_000));
    Map<TopicPartition, Long> ends = new HashMap<>();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < PARTITIONS; p++) {
        latest.put(new TopicPartition(PREDICTIONS, p), OffsetSpec.latest());
        latest.put(new TopicPartition(GROUND_TRUTH, p), OffsetSpec.latest());
      }
      admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
    }
    return new Input(published, valid, perWindow, plan, ends);
  }

  private static void send(KafkaProducer<String, byte[]> producer, GroundTruthPlan.Label l,
      List<Future<RecordMetadata>> sends, List<Future<RecordMetadata>> tail) {
    GroundTruthEvent event = GroundTruthEvent.newBuilder().setPredictionId(l.id()).setTimestamp(l.timeMs())
        .setLabel(l.label()).build();
    Future<RecordMetadata> f = producer.send(new ProducerRecord<>(GROUND_TRUTH, null, l.timeMs(), l.id(),
        EventEncoder.json().groundTruth(GROUND_TRUTH, event)));
    sends.add(f);
    if (l.kind() == GroundTruthPlan.Kind.TAIL) {
      tail.add(f);
    }
  }

  /** The valid predictions, each id once, in the order published, read back from their JSON. */
  private static List<GroundTruthPlan.Prediction> valid(List<Placed> predictions) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<GroundTruthPlan.Prediction> out = new ArrayList<>();
    for (Placed placed : predictions) {
      if (!placed.out().bad()) {
        JsonNode p = json.readTree(placed.out().value());
        out.add(new GroundTruthPlan.Prediction(p.get("prediction_id").asText(), p.get("model_name").asText(),
            p.get("model_version").asText(), p.get("timestamp").asLong(), p.get("prediction").get("score").asDouble()));
      }
    }
    return out;
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
      return finish(app, start(app, stateDir, 0), 0);
    }

    Output killed(String app, Path stateDir, Random random) throws Exception {
      long total = input.end(PREDICTIONS);
      // Kill points as shares of the input offsets committed by the group, spread over the input, plus a
      // random delay so a kill can also land inside a restore or between commits. One is between 65% and 95%,
      // where the join expires the predictions of the first half (90 s max-delay, 30 s gap).
      List<Double> targets = Stream.concat(random.doubles(KILLS - 1, 0.05, 0.95).boxed(),
          Stream.of(0.65 + 0.3 * random.nextDouble())).sorted().toList();
      List<String> kills = new ArrayList<>();
      Process p = start(app, stateDir, 0);
      long lastCommitted = 0;
      for (int k = 0; k < KILLS; k++) {
        long started = System.nanoTime();
        long target = Math.max((long) (targets.get(k) * total), lastCommitted + 1);
        while (committed(app, PREDICTIONS) < target && seconds(started) < 30) {
          assertAlive(p, app);
          Thread.sleep(50);
        }
        Thread.sleep(random.nextInt(1500));
        long before = committed(app, PREDICTIONS);
        long labelsBefore = committed(app, GROUND_TRUTH);
        long modelWindows;
        try (OutputReader reader = new OutputReader(bootstrap, app)) {
          reader.poll();
          modelWindows = reader.modelWindows.size();
        }
        double cpu = cpuSeconds(p);
        p.destroyForcibly();
        int exit = p.waitFor();
        // Process.destroyForcibly() is SIGKILL on Linux: the exit status of a signalled child is 128 + 9.
        assertThat(exit).as("exit status of the killed processor (SIGKILL)").isEqualTo(137);
        lastCommitted = committed(app, PREDICTIONS);
        boolean fresh = k % 2 == 1;
        String where = String.format("kill %d after %.1f s of run %d: input offsets committed %d/%d (%.0f%%, target %.0f%%), "
                + "labels %d/%d, committed model-window records %d, processor CPU %.1f s; restart with %s", k + 1,
            seconds(started), k + 1, before, total, 100.0 * before / total, 100.0 * targets.get(k), labelsBefore,
            input.end(GROUND_TRUTH), modelWindows, cpu,
            fresh ? "an EMPTY state dir (full changelog restore)" : "the same state dir");
        System.out.println("[crash-it] " + where);
        kills.add(where);
        if (fresh) {
          deleteRecursively(stateDir);
        }
        p = start(app, stateDir, k + 1);
      }
      System.out.printf("[crash-it] run %s: %d kills (SIGKILL)%n", app, kills.size());
      assertThat(kills).hasSize(KILLS);
      Output out = finish(app, p, KILLS);
      // the last restart began with an empty state directory and ran to the end: its log reports the restore
      // (printed, not asserted: in one of the first two runs it listed only the global store, restored empty; why the
      // tasks' restores went unreported there is not known yet)
      restored(LOGS.resolve(app + "-" + KILLS + ".log"));
      return out;
    }

    /**
     * The records and milliseconds of state restored, per the processor's "restored state store" lines, and
     * prints them: the restore time after losing the state directory.
     */
    private void restored(Path log) throws Exception {
      Matcher m = Pattern.compile("restored state store (\\S+) partition (\\d+): (\\d+) records in ([\\d.]+) s")
          .matcher(Files.readString(log));
      long records = 0;
      double seconds = 0;
      int stores = 0;
      while (m.find()) {
        records += Long.parseLong(m.group(3));
        seconds += Double.parseDouble(m.group(4));
        stores++;
      }
      Matcher wall = Pattern.compile("state restored: \\d+ records in ([\\d.]+) s").matcher(Files.readString(log));
      String walls = wall.results().map(r -> r.group(1) + " s").collect(java.util.stream.Collectors.joining(", "));
      System.out.printf(java.util.Locale.ROOT, "[crash-it] restore from an empty state dir (%s): %d store partitions, "
          + "%d records, %.2f s summed over them; rounds of restores, first start to last end: %s%n",
          log.getFileName(), stores, records, seconds, walls);
    }

    /** Runs the processor to the end of the input, reads its ground-truth counts, stops it and reads its output. */
    private Output finish(String app, Process p, int attempt) throws Exception {
      Map<String, Long> groundTruth;
      try (OutputReader reader = new OutputReader(bootstrap, app)) {
        awaitComplete(app, p, reader);
        groundTruth = groundTruthTotals(LOGS.resolve(app + "-" + attempt + ".log"));
        System.out.printf("[crash-it] run %s complete, pqp_ground_truth_total %s, processor CPU %.1f s%n", app,
            groundTruth, cpuSeconds(p));
      } finally {
        stop(p);
      }
      return read(app, groundTruth);
    }

    /**
     * The final {@code pqp_ground_truth_total} per result, summed over the samples of the processor's
     * /metrics (at the port it printed on start-up): the running totals in the join tasks' state.
     */
    private Map<String, Long> groundTruthTotals(Path log) throws Exception {
      Matcher port = Pattern.compile("metrics +http://localhost:(\\d+)/metrics").matcher(Files.readString(log));
      assertThat(port.find()).as("the metrics URL in %s", log).isTrue();
      HttpResponse<String> metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + port.group(1) + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      Exposition e = Exposition.parse(metrics.body());
      Map<String, Long> totals = new TreeMap<>();
      for (GroundTruthMetrics.Result r : GroundTruthMetrics.Result.values()) {
        String result = GroundTruthPlan.result(r);
        totals.put(result, Math.round(e.sum("pqp_ground_truth_total", "result", result)));
      }
      return totals;
    }

    private Process start(String app, Path stateDir, int attempt) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      String jar = System.getProperty("pqp.jar", "target/pqp.jar");
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-jar", jar, "run",
          "--bootstrap-servers", bootstrap, "--application-id", app, "--state-dir", stateDir.toString(),
          "--http-port", "0", "--window", "10s", "--grace", "2s",
          "--set", "window.idle-flush=5s",
          "--set", "output.format=avro", // read back with the Avro classes' decoders
          "--set", "topics.feature-drift=" + app + ".feature-drift",
          "--set", "topics.model-window=" + app + ".model-window",
          "--set", "topics.dead-letter=" + app + ".dead-letter",
          "--set", "topics.performance=" + app + ".performance",
          "--set", "topics.actions=" + app + ".actions",
          "--kafka", "consumer.session.timeout.ms=6000",
          "--kafka", "commit.interval.ms=200"));
      // the join on every run, with the margins of the plan: see the class comment for max.task.idle.ms
      cmd.addAll(List.of("--set", "ground-truth.enabled=true", "--set", "ground-truth.copartitioned=true",
          "--set", "ground-truth.max-delay=" + GroundTruthPlan.MAX_DELAY_MS / 1000 + "s",
          "--set", "ground-truth.early-wait=" + GroundTruthPlan.EARLY_WAIT_MS / 1000 + "s",
          "--set", "performance.emit-interval=1s", "--set", "performance.min-labels=1",
          "--kafka", "max.task.idle.ms=0"));
      cmd.addAll(extraArgs(app));
      Path log = LOGS.resolve(app + "-" + attempt + ".log");
      return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Extra processor arguments of a run, e.g. {@code -Dcrash.B.args=--set,processing.guarantee=at-least-once}. */
    private List<String> extraArgs(String app) {
      String extra = System.getProperty("crash." + app + ".args", "");
      return extra.isBlank() ? List.of() : List.of(extra.split(","));
    }

    /**
     * Waits until the input is consumed, every window has its model-window record and every labelled window
     * its performance record, then 3 s of quiet (longer than the performance emit interval and a commit).
     */
    private void awaitComplete(String app, Process p, OutputReader reader) throws Exception {
      long total = input.end(PREDICTIONS);
      long labels = input.end(GROUND_TRUTH);
      int expectedWindows = input.validPerWindow.size() * 2; // claims-risk v1 and v2 in every window
      int performanceWindows = input.plan.windows().size();
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
        if (reader.windows().size() >= expectedWindows && lastPerKey(reader.performances).size() >= performanceWindows
            && committed(app, PREDICTIONS) >= total && committed(app, GROUND_TRUTH) >= labels && seconds(lastChange) >= 3) {
          return;
        }
        Thread.sleep(200);
      }
      System.out.printf("[crash-it] run %s: not complete after %s: %d/%d windows, %d/%d performance windows, "
              + "input %d/%d and labels %d/%d committed%n", app, RUN_DEADLINE, reader.windows().size(), expectedWindows,
          lastPerKey(reader.performances).size(), performanceWindows, committed(app, PREDICTIONS), total,
          committed(app, GROUND_TRUTH), labels);
    }

    private static double cpuSeconds(Process p) {
      return p.info().totalCpuDuration().map(d -> d.toMillis() / 1000.0).orElse(Double.NaN);
    }

    private void assertAlive(Process p, String app) {
      if (!p.isAlive()) {
        fail("processor " + app + " exited with " + p.exitValue() + "; see " + LOGS.toAbsolutePath());
      }
    }

    private long committed(String app, String topic) throws Exception {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(app).partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset()).sum();
    }

    private void stop(Process p) throws InterruptedException {
      p.destroy();
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }

    private Output read(String app, Map<String, Long> groundTruth) throws Exception {
      try (OutputReader reader = new OutputReader(bootstrap, app)) {
        reader.poll();
        return new Output(reader.featureDrifts, reader.modelWindows, reader.latest(app + "-" + PartialProfiler.STORE + "-changelog"),
            reader.latest(app + "-" + WindowFinalizer.WINDOWS + "-changelog"),
            reader.latest(app + "-" + WindowFinalizer.VERSIONS + "-changelog"),
            reader.latest(app + "-" + WindowFinalizer.MODELS + "-changelog"), reader.performances, groundTruth,
            reader.actions);
      }
    }
  }

  // ------------------------------------------------------------------------------------------- outputs

  /**
   * Everything a run committed; the maps hold the latest changelog value per key (null = tombstone).
   * {@code groundTruth}: the final {@code pqp_ground_truth_total} per result.
   */
  private record Output(List<FeatureDrift> featureDrift, List<ModelWindow> modelWindow, Map<String, byte[]> stage1,
      Map<String, byte[]> stage2Windows, Map<String, byte[]> stage2Versions, Map<String, byte[]> stage2Models,
      List<Performance> performance, Map<String, Long> groundTruth, List<Action> actions) {}

  /** A read_committed consumer over a run's derived topics, read incrementally from the beginning. */
  private static final class OutputReader implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final String bootstrap;
    final List<FeatureDrift> featureDrifts = new ArrayList<>();
    final List<ModelWindow> modelWindows = new ArrayList<>();
    final List<Performance> performances = new ArrayList<>();
    final List<Action> actions = new ArrayList<>();

    OutputReader(String bootstrap, String app) {
      this.bootstrap = bootstrap;
      this.consumer = consumer(bootstrap);
      List<TopicPartition> tps = new ArrayList<>();
      for (String topic : List.of(app + ".feature-drift", app + ".model-window", app + ".performance",
          app + ".actions")) {
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
          } else if (r.topic().endsWith(".performance")) {
            performances.add(Performance.getDecoder().decode(r.value()));
          } else if (r.topic().endsWith(".actions")) {
            actions.add(Action.getDecoder().decode(r.value()));
          } else {
            modelWindows.add(ModelWindow.getDecoder().decode(r.value()));
          }
        }
      }
      return featureDrifts.size() + modelWindows.size() + performances.size() + actions.size();
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

  private static String key(Performance p) {
    return PerformanceAggregator.windowKey(p.getModelName(), p.getModelVersion(), p.getWindowStart());
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

  /**
   * The input drifts from its 60th second: each version's retraining episode opens in both runs, once, with the same
   * id and windows; B's kills neither repeat nor lose an action record.
   */
  private static void assertSameActions(SoftAssertions soft, Output a, Output b) {
    Map<String, List<Action>> ra = group(a.actions, x -> x.getEpisodeId() + " " + x.getState());
    Map<String, List<Action>> rb = group(b.actions, x -> x.getEpisodeId() + " " + x.getState());
    soft.assertThat(duplicates(ra)).as("run A: action records committed more than once").isEmpty();
    soft.assertThat(duplicates(rb)).as("run B: action records committed more than once").isEmpty();
    soft.assertThat(ra.keySet()).as("run A: the drift opens an episode of each version")
        .anyMatch(k -> k.contains("/v1/retraining_recommended/") && k.endsWith(" opened"))
        .anyMatch(k -> k.contains("/v2/retraining_recommended/") && k.endsWith(" opened"));
    soft.assertThat(rb.keySet()).as("action records of B (killed) vs A").isEqualTo(ra.keySet());
    ra.forEach((k, x) -> {
      if (rb.containsKey(k)) {
        soft.assertThat(rb.get(k).get(0).getWindowStart()).as("the deciding window of %s", k)
            .isEqualTo(x.get(0).getWindowStart());
      }
    });
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

  /**
   * The join: both runs end with the ground-truth counts the input was built for, and with the same last
   * performance record of every window (the topic is an upsert view, re-emitted on a wall-clock interval, so
   * only the last record of a key is the run's result); each one realized, with the counts of the input.
   */
  private static void assertJoined(SoftAssertions soft, Output a, Output b, GroundTruthPlan plan) {
    soft.assertThat(a.groundTruth).as("run A: pqp_ground_truth_total by result = the results the input was built for")
        .isEqualTo(plan.totals());
    soft.assertThat(b.groundTruth).as("run B (killed): pqp_ground_truth_total by result = the results the input was built for")
        .isEqualTo(plan.totals());
    Map<String, Performance> la = lastPerKey(a.performance);
    Map<String, Performance> lb = lastPerKey(b.performance);
    for (Map.Entry<String, Map<String, Performance>> run : Map.of("A", la, "B", lb).entrySet()) {
      soft.assertThat(run.getValue().values().stream().filter(Performance::getEstimated).map(p -> key(p)).toList())
          .as("run %s: final performance records estimated (min-labels is 1, every window has a label)", run.getKey())
          .isEmpty();
      soft.assertThat(windowCounts(run.getValue()))
          .as("run %s: predictions, sampled predictions and labels of every final performance record = the input's",
              run.getKey())
          .isEqualTo(plan.windows());
    }
    soft.assertThat(lb.keySet()).as("performance windows of B vs A").isEqualTo(la.keySet());
    List<String> diffs = new ArrayList<>();
    la.forEach((k, x) -> {
      Performance y = lb.get(k);
      if (y == null || x.getEstimated() || y.getEstimated()) {
        return; // reported above; an estimate is an as-of snapshot, not a result to compare
      }
      for (Schema.Field f : Performance.getClassSchema().getFields()) {
        Object u = x.get(f.pos());
        Object v = y.get(f.pos());
        if (u instanceof Double du && v instanceof Double dv) {
          close(diffs, k, f.name(), du, dv);
        } else {
          same(diffs, k, f.name(), u == null ? null : u.toString(), v == null ? null : v.toString());
        }
      }
    });
    soft.assertThat(diffs).as("differences between the last performance records of B (killed) and A").isEmpty();
  }

  /** The last record of every window key, in the order read (one key is on one partition). */
  private static Map<String, Performance> lastPerKey(List<Performance> records) {
    Map<String, Performance> last = new TreeMap<>();
    records.forEach(p -> last.put(key(p), p));
    return last;
  }

  private static Map<String, GroundTruthPlan.WindowCounts> windowCounts(Map<String, Performance> last) {
    Map<String, GroundTruthPlan.WindowCounts> out = new TreeMap<>();
    last.forEach((k, p) -> out.put(k, new GroundTruthPlan.WindowCounts(p.getPredictionCount(),
        p.getSampledPredictionCount() == null ? -1 : p.getSampledPredictionCount(), p.getLabelledCount())));
    return out;
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
