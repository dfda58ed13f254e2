package dev.pqp.bench;

import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigKey;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pqp bench}: the micro-benchmark of the profile update, then the end-to-end comparison on an
 * in-process broker: the input is generated and published once (timed apart), then the plain-consumer
 * baseline and pqp read the same records, alternately, {@code rounds} times each. Every pqp figure is
 * printed beside the baseline of the same round, since the machine's other load changes between runs.
 *
 * <p>With {@code groundTruth}, the input has a label per prediction, both topics keyed by prediction_id,
 * and each round also runs pqp with the ground-truth join in both of its modes: repartitioned by
 * prediction_id, and co-partitioned (no repartition).
 *
 * <p>The same events are also published as Avro on {@value #AVRO_TOPIC}, and each round runs the baseline and
 * pqp on them too. After pqp's first run of a round, a fresh pqp process with its application id and an emptied
 * state directory restores its state ({@link RestoreRun}). After the rounds, pqp runs live on a paced stream for
 * the delay from a window's close to its output ({@link FreshnessRun}).
 */
public final class Bench {
  /** What to run; {@code shape}: how the JSON events and labels are written and batched. */
  public record Options(long events, int partitions, int threads, int rounds, int windows, boolean micro,
      long seed, Map<String, String> pqpSettings, boolean groundTruth, List<String> jvmArgs, int liveSeconds,
      int liveRate, EventShape shape) {}

  static final String AVRO_TOPIC = "ml.predictions.avro";
  static final String LIVE_TOPIC = "ml.predictions.live";
  static final String LIVE_OUTPUT = "ml.quality.model-window.live";
  /** The live run's windows: short, so that a few of them close in well under a minute. */
  static final long LIVE_WINDOW_MS = 10_000;
  static final long LIVE_GRACE_MS = 2_000;

  private final Options o;
  private final PrintStream out;
  private boolean peer;
  private Path peerScript;
  private final List<RestoreRun.Result> restores = new ArrayList<>();

  public Bench(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  /** Also runs the batch peer once after the rounds; {@code script} null finds {@value PeerRun#SCRIPT}. */
  public Bench withPeer(Path script) {
    this.peer = true;
    this.peerScript = script;
    return this;
  }

  /** Runs everything and returns the paired rounds. */
  public List<RunResult[]> run() throws Exception {
    ProfileUpdateBench.Result micro = null;
    if (o.micro()) {
      out.println("micro: NumericProfile.update vs plain KllDoublesSketch.update ...");
      micro = ProfileUpdateBench.run();
      BenchReport.micro(out, micro);
      CostSweep.print(out, CostSweep.run(CostSweep.cases()));
      out.println(DecodeBench.run().summary());
      out.println(WindowEvaluationBench.run().summary());
    }
    Path work = Files.createTempDirectory("pqp-bench");
    List<RunResult[]> rounds = new ArrayList<>();
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"), Map.of())) {
      String servers = broker.bootstrapServers();
      PqpConfig base = config(servers, work, "pqp-bench-setup");
      TopicSetup.ensure(base);
      TopicSetup.ensure(config(servers, work, "pqp-bench-setup", avro()));
      long windowMs = base.windowSize().toMillis();
      long now = System.currentTimeMillis();
      long start = now - now % windowMs - (o.windows() + 5) * windowMs; // whole windows, all in the past
      BenchEvents.Published pub = new BenchEvents(o.events(), start, o.windows(), windowMs, o.seed(), o.shape())
          .publish(servers, base.topics().predictions(), o.partitions(),
              o.groundTruth() ? base.topics().groundTruth() : null, AVRO_TOPIC);
      BenchReport.setup(out, o, pub, windowMs);
      for (int r = 1; r <= o.rounds(); r++) {
        rounds.add(round(r, servers, work, pub.labels().records()));
      }
      if (peer) {
        peer(servers, base.topics().predictions(), windowMs, rounds.get(rounds.size() - 1));
      }
      if (o.liveSeconds() > 0) {
        freshness(servers, work);
      }
      BenchReport.state(out, rounds.get(rounds.size() - 1));
      BenchReport.summary(out, o, micro, rounds, restores);
    } finally {
      deleteQuietly(work);
    }
    return rounds;
  }

  /**
   * One round, each system in a JVM of its own ({@link ChildRun}): the baseline; pqp as configured
   * ({@code threads} stream threads, exactly-once v2); pqp with two stream threads if that was one, else one;
   * pqp at least once; with {@code groundTruth} pqp with the join in each mode; the Kafka Streams floor
   * ({@link StreamsFloorRun}) with each of one and two threads; then the baseline and pqp on the Avro input. After pqp's first run, the restore of its state by a fresh process.
   */
  private RunResult[] round(int r, String servers, Path work, long labels) throws Exception {
    List<RunResult> runs = new ArrayList<>();
    String baselineId = "pqp-bench-baseline-" + r;
    RunResult baseline = ChildRun.run("baseline", o.events(), 0, flags(servers, work, baselineId, Map.of()),
        o.jvmArgs(), work.resolve(baselineId + ".log"));
    BenchReport.row(out, r, baseline, null);
    runs.add(baseline);
    Map<String, Map<String, String>> variants = new LinkedHashMap<>();
    variants.put("pqp-bench-", Map.of());
    // the other of one and two stream threads
    variants.put(o.threads() == 1 ? "pqp-bench-2t-" : "pqp-bench-1t-",
        Map.of(ConfigKey.STREAM_THREADS.key(), o.threads() == 1 ? "2" : "1"));
    variants.put("pqp-bench-alos-", Map.of(ConfigKey.PROCESSING_GUARANTEE.key(), "at-least-once"));
    if (o.groundTruth()) {
      for (String copartitioned : List.of("false", "true")) {
        variants.put("pqp-bench-" + ("true".equals(copartitioned) ? "copart-" : "repart-"), Map.of(
            ConfigKey.GROUND_TRUTH_ENABLED.key(), "true", ConfigKey.GROUND_TRUTH_COPARTITIONED.key(), copartitioned,
            ConfigKey.GROUND_TRUTH_SAMPLE_RATE.key(), "1.0")); // one outcome per label, which the run waits for
      }
    }
    for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
      String appId = v.getKey() + r;
      boolean join = v.getValue().containsKey(ConfigKey.GROUND_TRUTH_ENABLED.key());
      RunResult pqp = ChildRun.run("pqp", o.events(), join ? labels : 0, flags(servers, work, appId, v.getValue()),
          o.jvmArgs(), work.resolve(appId + ".log"));
      BenchReport.row(out, r, pqp, baseline);
      runs.add(pqp);
      if (v.getValue().isEmpty()) {
        restores.add(restore(r, servers, work, appId));
      }
    }
    runs.addAll(floors(r, servers, work, baseline));
    if (o.groundTruth()) {
      runs.add(joinFloor(r, servers, work, baseline, labels));
    }
    String avroBaselineId = "pqp-bench-baseline-avro-" + r;
    RunResult avroBaseline = ChildRun.run("baseline", o.events(), 0, flags(servers, work, avroBaselineId, avro()),
        o.jvmArgs(), work.resolve(avroBaselineId + ".log")).named(baseline.system() + BenchReport.AVRO);
    BenchReport.row(out, r, avroBaseline, null);
    String avroId = "pqp-bench-avro-" + r;
    RunResult avroPqp = ChildRun.run("pqp", o.events(), 0, flags(servers, work, avroId, avro()), o.jvmArgs(),
        work.resolve(avroId + ".log"));
    avroPqp = avroPqp.named(avroPqp.system() + BenchReport.AVRO);
    BenchReport.row(out, r, avroPqp, avroBaseline);
    runs.add(avroBaseline);
    runs.add(avroPqp);
    return runs.toArray(new RunResult[0]);
  }

  /** The baseline's work inside Kafka Streams as pqp configures it, with each of one and two stream threads. */
  private List<RunResult> floors(int r, String servers, Path work, RunResult baseline) throws Exception {
    List<RunResult> floors = new ArrayList<>();
    for (String threads : o.threads() == 1 ? List.of("1", "2") : List.of(Integer.toString(o.threads()), "1")) {
      String floorId = "pqp-bench-floor-" + threads + "t-" + r;
      RunResult floor = ChildRun.run("floor", o.events(), 0,
          flags(servers, work, floorId, Map.of(ConfigKey.STREAM_THREADS.key(), threads)), o.jvmArgs(),
          work.resolve(floorId + ".log"));
      BenchReport.row(out, r, floor, baseline);
      floors.add(floor);
    }
    return floors;
  }

  /**
   * The least a durable exactly-once join by prediction_id costs in Kafka Streams ({@link StreamsFloorRun}'s join
   * floor), configured as pqp's co-partitioned join, with pqp's thread count.
   */
  private RunResult joinFloor(int r, String servers, Path work, RunResult baseline, long labels) throws Exception {
    String id = "pqp-bench-join-floor-" + r;
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(ConfigKey.GROUND_TRUTH_ENABLED.key(), "true");
    settings.put(ConfigKey.GROUND_TRUTH_COPARTITIONED.key(), "true");
    settings.put(ConfigKey.STREAM_THREADS.key(), Integer.toString(o.threads()));
    RunResult floor = ChildRun.run("floor", o.events(), labels, flags(servers, work, id, settings), o.jvmArgs(),
        work.resolve(id + ".log"));
    BenchReport.row(out, r, floor, baseline);
    return floor;
  }

  private static Map<String, String> avro() {
    return Map.of(ConfigKey.TOPIC_PREDICTIONS.key(), AVRO_TOPIC);
  }

  /** A fresh pqp process with {@code appId}, its state directory emptied, restoring its state: one line. */
  private RestoreRun.Result restore(int r, String servers, Path work, String appId) throws Exception {
    Map<String, String> flags = flags(servers, work, appId, Map.of());
    deleteQuietly(Path.of(flags.get(ConfigKey.STATE_DIR.key())));
    List<String> jvmArgs = o.jvmArgs().stream().map(a -> a.replace("{run}", appId + "-restore")).toList();
    RestoreRun.Result result = ChildRun.run("restore", 0, 0, flags, jvmArgs, work.resolve(appId + "-restore.log"),
        RestoreRun.Result.class);
    BenchReport.restore(out, r, result);
    return result;
  }

  /** pqp live on a paced stream with short windows: the delay from each window's close to its output. */
  private void freshness(String servers, Path work) throws Exception {
    String appId = "pqp-bench-live";
    Map<String, String> live = Map.of(ConfigKey.TOPIC_PREDICTIONS.key(), LIVE_TOPIC,
        ConfigKey.TOPIC_MODEL_WINDOW.key(), LIVE_OUTPUT, ConfigKey.WINDOW_SIZE.key(), LIVE_WINDOW_MS / 1000 + "s",
        ConfigKey.WINDOW_GRACE.key(), LIVE_GRACE_MS / 1000 + "s");
    TopicSetup.ensure(config(servers, work, appId, live));
    FreshnessRun.Options fo = new FreshnessRun.Options(o.liveSeconds(), o.liveRate(), LIVE_WINDOW_MS, LIVE_GRACE_MS,
        o.shape());
    out.printf(Locale.ROOT, "%nfreshness: pqp live on %d s of events stamped with the current time, %,d events/s, "
        + "windows of %d s + %d s grace ...%n", fo.seconds(), fo.rate(), LIVE_WINDOW_MS / 1000, LIVE_GRACE_MS / 1000);
    BenchReport.freshness(out, FreshnessRun.run(servers, LIVE_TOPIC, o.partitions(), LIVE_OUTPUT, fo,
        flags(servers, work, appId, live), o.jvmArgs(), work.resolve(appId + ".log"), o.seed()));
  }

  /** The batch peer on the same published events, beside the last round; one line saying why if it cannot run. */
  private void peer(String servers, String topic, long windowMs, RunResult[] last) throws InterruptedException {
    try {
      Path script = PeerRun.script(peerScript);
      out.printf(Locale.ROOT, "%npeer: %s on the same %,d events, read from the same broker ...%n", script, o.events());
      BenchReport.peer(out, last, PeerRun.run(script, servers, topic, o.events(), windowMs, false));
    } catch (PeerRun.Skipped e) {
      out.println("peer skipped: " + e.getMessage());
    }
  }

  private PqpConfig config(String servers, Path work, String appId) {
    return config(servers, work, appId, Map.of());
  }

  private PqpConfig config(String servers, Path work, String appId, Map<String, String> variant) {
    return ConfigLoader.load(null, Map.of(), flags(servers, work, appId, variant));
  }

  private Map<String, String> flags(String servers, Path work, String appId, Map<String, String> variant) {
    Map<String, String> flags = new LinkedHashMap<>();
    flags.put(ConfigKey.BOOTSTRAP_SERVERS.key(), servers);
    flags.put(ConfigKey.APPLICATION_ID.key(), appId);
    flags.put(ConfigKey.STATE_DIR.key(), work.resolve("state-" + appId).toString());
    flags.put(ConfigKey.PROCESSING_GUARANTEE.key(), "exactly-once-v2");
    flags.put(ConfigKey.STREAM_THREADS.key(), Integer.toString(o.threads()));
    flags.put(ConfigKey.TOPICS_PARTITIONS.key(), Integer.toString(o.partitions()));
    flags.put(ConfigKey.HTTP_PORT.key(), "0");
    flags.put(ConfigKey.HTTP_HOST.key(), "127.0.0.1");
    flags.put(ConfigKey.WINDOW_SIZE.key(), "1m");
    flags.put(ConfigKey.WINDOW_GRACE.key(), "10s");
    // the drift path alone, the row every other is compared with: the join (on by default whenever the
    // ground-truth topic exists, which the bench creates) runs only in the join rows
    flags.put(ConfigKey.GROUND_TRUTH_ENABLED.key(), "false");
    flags.put("kafka.consumer.session.timeout.ms", "10000");
    flags.putAll(o.pqpSettings());
    flags.putAll(variant);
    return flags;
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // a temp directory; nothing to do
    }
  }
}
