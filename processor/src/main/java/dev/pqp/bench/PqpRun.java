package dev.pqp.bench;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.PqpConfig;
import dev.pqp.export.GroundTruthMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * pqp itself: {@link PqpRuntime} with the given config (a fresh application id per run) on the input
 * already published. The clock starts when {@code pqp_records_total} first counts a record and stops
 * when it reaches the number of input records (the predictions; with the join, predictions and labels) and, with the ground-truth join
 * on, {@code pqp_ground_truth_total} has one outcome (matched or early matched) per label; the committed
 * time runs until the application's committed offsets reach the end of the predictions. Then heap is
 * measured with the runtime live, and, after it stopped, its changelogs are read back for bytes per key
 * and the join's stores are measured on disk.
 */
public final class PqpRun {
  /**
   * How often the run reads its counters to see whether pqp is done: they are summed over every counter of
   * the registry, in the measured process, so not too often (every 5 ms was 9 % of its CPU samples).
   */
  private static final long POLL_NANOS = 50_000_000;
  // the join's store names (GroundTruthJoin.WAITING and EARLY, package-private in the topology)
  private static final String JOIN_WAITING = "ground-truth-waiting";
  private static final String JOIN_EARLY = "ground-truth-early-labels";
  private static final Set<String> OUTCOMES = Set.of("matched", "early_matched");

  private PqpRun() {}

  /** Runs pqp on {@code predictions} predictions and {@code labels} labels, one per prediction id at most. */
  public static RunResult run(PqpConfig config, long predictions, long labels) throws Exception {
    String topic = config.topics().predictions();
    boolean join = config.analysis().groundTruth().enabled() && labels > 0;
    long n = predictions + labels;
    double outcomes = 0;
    double seconds;
    double committed;
    long cpu;
    long[] process;
    double cpuEvents;
    long heap;
    long started = System.nanoTime();
    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      long t0 = 0;
      long done;
      Map<Long, Long> cpu0 = Map.of();
      ProcessCpu process0 = ProcessCpu.ZERO;
      double counted0 = -1;
      while (true) {
        double count = records(runtime, join ? null : topic);
        outcomes = join ? outcomes(runtime) : 0;
        long now = System.nanoTime();
        if (t0 == 0 && count > 0) {
          t0 = now;
        }
        if (counted0 < 0 && count >= n / 2.0) { // steady state: CPU over the second half of the records
          cpu0 = ThreadCpu.snapshot(config.applicationId()); // stream threads and their clients' threads
          process0 = ProcessCpu.now();
          counted0 = count;
        }
        if (count >= n && outcomes >= (join ? labels : 0)) {
          done = now;
          break;
        }
        requireProgress(now - started, count, n, outcomes, labels);
        java.util.concurrent.locks.LockSupport.parkNanos(POLL_NANOS);
      }
      seconds = (done - t0) / 1e9;
      cpu = ThreadCpu.between(cpu0, ThreadCpu.snapshot(config.applicationId()));
      process = ProcessCpu.since(process0);
      cpuEvents = predictions * (n - counted0) / n;
      awaitCommitted(config, topic);
      committed = (System.nanoTime() - t0) / 1e9;
      heap = RunResult.heapUsedAfterGc();
    }
    List<RunResult.StateSize> changelogs = changelogs(config);
    return new RunResult(name(config), predictions, seconds, committed, cpu, process[0], cpuEvents, changelogs.get(0), changelogs, heap,
        join ? join(config, (long) outcomes) : null, RunResult.peakRssNow(), process[1], process[2]);
  }

  private static void requireProgress(long elapsedNanos, double count, long n, double outcomes, long labels) {
    if (elapsedNanos > Duration.ofMinutes(15).toNanos()) {
      throw new IllegalStateException("pqp consumed only " + (long) count + " of " + n + " records (and joined "
          + (long) outcomes + " of " + labels + " labels) in 15 minutes");
    }
  }

  /** The size of the drift path's changelogs per key. */
  private static List<RunResult.StateSize> changelogs(PqpConfig config) {
    String servers = config.bootstrapServers();
    String app = config.applicationId();
    return List.of(
        ChangelogSizes.read(servers, app + "-stage1-partials-changelog", "stage-1 partial (model,version,window)"),
        ChangelogSizes.read(servers, app + "-stage2-windows-changelog", "stage-2 window (model,version,window)"),
        ChangelogSizes.read(servers, app + "-stage2-versions-changelog", "stage-2 version state (model,version)"));
  }

  private static String name(PqpConfig config) {
    var gt = config.analysis().groundTruth();
    if (gt.enabled()) {
      return gt.copartitioned() ? "  + join, co-partitioned" : "  + join, repartitioned";
    }
    return "pqp (" + config.guarantee().streamsValue() + ", " + config.streamThreads()
        + (config.streamThreads() == 1 ? " thread)" : " threads)");
  }

  /** The join's figures, from its changelogs and its state directory. */
  private static RunResult.Join join(PqpConfig config, long outcomes) throws Exception {
    String servers = config.bootstrapServers();
    String app = config.applicationId();
    ChangelogSizes.Live waiting = ChangelogSizes.live(servers, app + "-" + JOIN_WAITING + "-changelog");
    ChangelogSizes.Live early = ChangelogSizes.live(servers, app + "-" + JOIN_EARLY + "-changelog");
    Path appDir = config.stateDir().resolve(app);
    long disk = StoreFiles.bytes(appDir, JOIN_WAITING) + StoreFiles.bytes(appDir, JOIN_EARLY);
    StoreFiles.compact(appDir, JOIN_WAITING);
    StoreFiles.compact(appDir, JOIN_EARLY);
    long compacted = StoreFiles.bytes(appDir, JOIN_WAITING) + StoreFiles.bytes(appDir, JOIN_EARLY);
    return new RunResult.Join(outcomes, waiting.keys(), disk, waiting.bytes() + early.bytes(), compacted);
  }

  private static double outcomes(PqpRuntime runtime) {
    return runtime.registry().find(GroundTruthMetrics.TOTAL).functionCounters().stream()
        .filter(c -> OUTCOMES.contains(c.getId().getTag("result")))
        .mapToDouble(FunctionCounter::count).sum();
  }

  /**
   * Records pqp read: of {@code topic} only, or of every input topic when null. Without the join the labels
   * topic is read too (and its records dropped): counted, they stopped the clock halfway through the predictions.
   */
  private static double records(PqpRuntime runtime, String topic) {
    var search = runtime.registry().find("pqp.records");
    if (topic != null) {
      search = search.tag("topic", topic);
    }
    return search.counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Waits until the application's committed offsets on {@code topic} reach its end offsets. */
  private static void awaitCommitted(PqpConfig config, String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
      var parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      parts.forEach(p -> latest.put(p, OffsetSpec.latest()));
      Map<TopicPartition, Long> end = admin.listOffsets(latest).all().get().entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> got =
            admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get();
        if (parts.stream().allMatch(p -> got.get(p) != null && got.get(p).offset() >= end.get(p))) {
          return;
        }
        Thread.sleep(20);
      }
      throw new IllegalStateException("pqp did not commit the end of " + topic + " within 2 minutes");
    }
  }
}
