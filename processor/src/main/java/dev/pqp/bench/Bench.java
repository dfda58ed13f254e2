package dev.pqp.bench;

import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigKey;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.profile.ProfileUpdateBench;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 */
public final class Bench {
  /** What to run. */
  public record Options(long events, int partitions, int threads, int rounds, int windows, boolean micro,
      long seed, Map<String, String> pqpSettings, boolean groundTruth) {}

  private final Options o;
  private final PrintStream out;

  public Bench(Options options, PrintStream out) {
    this.o = options;
    this.out = out;
  }

  /** Runs everything and returns the paired rounds. */
  public List<RunResult[]> run() throws Exception {
    ProfileUpdateBench.Result micro = null;
    if (o.micro()) {
      out.println("micro: NumericProfile.update vs plain KllDoublesSketch.update ...");
      micro = ProfileUpdateBench.run();
      BenchReport.micro(out, micro);
    }
    Path work = Files.createTempDirectory("pqp-bench");
    List<RunResult[]> rounds = new ArrayList<>();
    try (EmbeddedKafka broker = EmbeddedKafka.start(0, work.resolve("kafka"), Map.of())) {
      String servers = broker.bootstrapServers();
      PqpConfig base = config(servers, work, "pqp-bench-setup");
      TopicSetup.ensure(base);
      long windowMs = base.windowSize().toMillis();
      long now = System.currentTimeMillis();
      long start = now - now % windowMs - (o.windows() + 5) * windowMs; // whole windows, all in the past
      BenchEvents.Published pub = new BenchEvents(o.events(), start, o.windows(), windowMs, o.seed())
          .publish(servers, base.topics().predictions(), o.partitions(),
              o.groundTruth() ? base.topics().groundTruth() : null);
      BenchReport.setup(out, o, pub, windowMs);
      for (int r = 1; r <= o.rounds(); r++) {
        rounds.add(round(r, servers, work, base, pub.labels()));
      }
      BenchReport.state(out, rounds.get(rounds.size() - 1));
      BenchReport.summary(out, o, micro, rounds);
    } finally {
      deleteQuietly(work);
    }
    return rounds;
  }

  /** One round: the baseline, pqp, and with {@code groundTruth} pqp with the join in each mode. */
  private RunResult[] round(int r, String servers, Path work, PqpConfig base, long labels) throws Exception {
    List<RunResult> runs = new ArrayList<>();
    RunResult baseline = BaselineRun.run(servers, base.topics().predictions(), o.events(), base);
    BenchReport.row(out, r, baseline, null);
    runs.add(baseline);
    List<String> joins = o.groundTruth() ? List.of("", "false", "true") : List.of("");
    for (String copartitioned : joins) {
      Map<String, String> join = copartitioned.isEmpty() ? Map.of() : Map.of(
          ConfigKey.GROUND_TRUTH_ENABLED.key(), "true", ConfigKey.GROUND_TRUTH_COPARTITIONED.key(), copartitioned,
          ConfigKey.GROUND_TRUTH_SAMPLE_RATE.key(), "1.0"); // one outcome per label, which the run waits for
      String appId = "pqp-bench-" + (copartitioned.isEmpty() ? "" : "true".equals(copartitioned) ? "copart-"
          : "repart-") + r;
      RunResult pqp = PqpRun.run(config(servers, work, appId, join), o.events(), labels);
      BenchReport.row(out, r, pqp, baseline);
      runs.add(pqp);
    }
    return runs.toArray(new RunResult[0]);
  }

  private PqpConfig config(String servers, Path work, String appId) {
    return config(servers, work, appId, Map.of());
  }

  private PqpConfig config(String servers, Path work, String appId, Map<String, String> join) {
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
    flags.put("kafka.consumer.session.timeout.ms", "10000");
    flags.putAll(o.pqpSettings());
    flags.putAll(join);
    return ConfigLoader.load(null, Map.of(), flags);
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // a temp directory; nothing to do
    }
  }
}
