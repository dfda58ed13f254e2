package dev.pqp.bench;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.PqpConfig;
import io.micrometer.core.instrument.Counter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Restore time: a fresh pqp process with the application id of a finished run and an empty state directory,
 * on the input that run already consumed, so that all it does before it is RUNNING is restore its stores from
 * their changelogs (Kafka Streams moves to RUNNING once its active tasks are restored). Emits the time to
 * RUNNING, the records restored ({@code pqp_state_restored_records_total}) and the size on the broker of the
 * changelogs they came from.
 */
public final class RestoreRun {
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private RestoreRun() {}

  /**
   * What the restore took.
   *
   * @param secondsToRunning from {@link PqpRuntime#start} to RUNNING
   * @param jvmSecondsToRunning from the JVM's start to RUNNING: what an operator waits for after a restart
   * @param records records restored into the stores
   * @param storeSeconds {@code pqp_state_restore_seconds_total}: each store partition's restore, summed (they overlap)
   * @param changelogBytes the application's changelog topics on the broker's disk (every segment, before compaction)
   */
  public record Result(String applicationId, double secondsToRunning, double jvmSecondsToRunning, long records,
      double storeSeconds, long changelogBytes, int changelogs) {}

  /** Restores {@code config}'s application; its state directory must be empty or absent. */
  public static Result run(PqpConfig config) throws Exception {
    var dir = config.stateDir().resolve(config.applicationId());
    if (Files.isDirectory(dir)) {
      try (var files = Files.list(dir)) {
        if (files.findAny().isPresent()) {
          throw new IllegalStateException("the state directory " + dir + " is not empty: nothing would be restored");
        }
      }
    }
    Map<String, Long> changelogs = changelogBytes(config.bootstrapServers(), config.applicationId());
    long t0 = System.nanoTime();
    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      while (runtime.streams().state() != KafkaStreams.State.RUNNING) {
        if (runtime.streams().state().hasCompletedShutdown() || System.nanoTime() - t0 > TIMEOUT.toNanos()) {
          throw new IllegalStateException("pqp did not reach RUNNING (" + runtime.streams().state() + ")");
        }
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double jvmSeconds = ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
      return new Result(config.applicationId(), seconds, jvmSeconds, (long) sum(runtime, "pqp.state.restored.records"),
          sum(runtime, "pqp.state.restore.seconds"), changelogs.values().stream().mapToLong(Long::longValue).sum(),
          changelogs.size());
    }
  }

  private static double sum(PqpRuntime runtime, String counter) {
    return runtime.registry().find(counter).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Bytes on the brokers' disks of each changelog topic of {@code app}. */
  static Map<String, Long> changelogBytes(String bootstrapServers, String app) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Set<String> topics = admin.listTopics().names().get().stream()
          .filter(t -> t.startsWith(app + "-") && t.endsWith("-changelog")).collect(Collectors.toSet());
      var brokers = admin.describeCluster().nodes().get().stream().map(Node::id).toList();
      Map<String, Long> bytes = new java.util.TreeMap<>();
      admin.describeLogDirs(brokers).allDescriptions().get().values().forEach(dirs -> dirs.values().forEach(d ->
          d.replicaInfos().forEach((tp, replica) -> {
            if (topics.contains(tp.topic())) {
              bytes.merge(tp.topic(), replica.size(), Long::sum);
            }
          })));
      return bytes;
    }
  }
}
