package dev.pqp.cli;

import dev.pqp.bench.Bench;
import dev.pqp.bench.EventShape;
import dev.pqp.config.ConfigException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pqp bench}: profile-update micro-benchmark and end-to-end events/s against a plain-consumer baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure ns per profile update (10^3 vs 10^6 items, plain KLL alongside), then end-to-end events/s "
        + "and CPU per event of pqp (exactly-once-v2) beside a single-threaded plain consumer doing the same decoding "
        + "and profiling, on the same records in an in-process broker, as JSON and as Avro; the time a fresh process "
        + "takes to restore pqp's state; and, live, the delay from a window's close to its output. Ends with lines "
        + "starting with BENCH.")
final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "1000000", paramLabel = "N", description = "events to publish (default: ${DEFAULT-VALUE})")
  long events;

  @Option(names = "--partitions", defaultValue = "4", paramLabel = "P", description = "partitions of ml.predictions (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--threads", defaultValue = "auto", paramLabel = "T", description = "pqp stream threads, as pqp run's "
      + "stream.threads (default: ${DEFAULT-VALUE}, pqp's default: one per processor, at most 8; a row with the other of"
      + " 1 and 2 follows)")
  String threads;

  @Option(names = "--rounds", defaultValue = "2", description = "baseline/pqp pairs, run alternately (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--windows", defaultValue = "5", description = "1-minute windows the event times span (default: ${DEFAULT-VALUE})")
  int windows;

  @Option(names = "--no-micro", negatable = false, description = "skip the micro-benchmarks (profile update, cost sweep)")
  boolean noMicro;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "a pqp setting for the pqp runs, e.g. kafka.max.task.idle.ms=-1 (repeatable)")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--ground-truth", negatable = false, description = "also publish one label per prediction (both "
      + "topics keyed by prediction_id) and run pqp with the ground-truth join in each round, repartitioned and "
      + "co-partitioned: prediction events/s, outcomes/s, CPU per prediction and bytes per pending prediction")
  boolean groundTruth;

  @Option(names = "--jvm-arg", paramLabel = "ARG", description = "a JVM option for the JVM of each run (repeatable); "
      + "{run} stands for the run's name, e.g. --jvm-arg=-XX:StartFlightRecording=filename=/tmp/{run}.jfr")
  java.util.List<String> jvmArgs = new java.util.ArrayList<>();

  @Option(names = "--peer", negatable = false, description = "after the rounds, run the batch peer once on the same "
      + "events (bench/peer/peer.py: pandas frame per window, scipy drift statistics; Debian's python3-pandas, "
      + "python3-scipy, python3-confluent-kafka) and print its events/s, CPU per event, wall time and peak memory "
      + "beside pqp's last round; skipped with one line if it cannot run")
  boolean peer;

  @Option(names = "--peer-script", paramLabel = "PATH", description = "the peer script (default: bench/peer/peer.py "
      + "under the working directory or a parent)")
  Path peerScript;

  @Option(names = "--live-seconds", defaultValue = "40", paramLabel = "S", description = "after the rounds, run pqp "
      + "live for S seconds on events stamped with the current time (windows of 10 s + 2 s grace) and print the delay "
      + "from each window's close to its model-window record; 0 skips it (default: ${DEFAULT-VALUE})")
  int liveSeconds;

  @Option(names = "--live-rate", defaultValue = "2000", paramLabel = "R", description = "events/s of the live run "
      + "(default: ${DEFAULT-VALUE})")
  int liveRate;

  @Option(names = "--shape", defaultValue = "python", paramLabel = "SHAPE", description = "how the JSON events and "
      + "labels are written and sent: python (as json.dumps writes them, lz4 batches of at most 16 KiB, linger 5 ms) or "
      + "compact (Jackson's compact output, uncompressed batches of up to 256 KiB, linger 20 ms: the bench's input "
      + "until 2026-12-07) (default: ${DEFAULT-VALUE})")
  String shape;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  /** {@code --threads} as pqp run reads {@code stream.threads}: a number, or auto. */
  private int streamThreads() {
    try {
      return dev.pqp.config.ConfigLoader.load(null, java.util.Map.of(), java.util.Map.of("stream.threads", threads))
          .streamThreads();
    } catch (ConfigException e) {
      throw new ConfigException("--threads: expected auto or a whole number from 1 to 64, got '" + threads + "'");
    }
  }

  @Override
  public Integer call() throws Exception {
    if (events < 1 || partitions < 1 || rounds < 1 || windows < 1 || liveRate < 1) {
      throw new ConfigException("--events, --partitions, --rounds, --windows and --live-rate must be at least 1");
    }
    if (liveSeconds < 0) {
      throw new ConfigException("--live-seconds must be 0 (no live run) or more");
    }
    EventShape eventShape;
    try {
      eventShape = EventShape.of(shape);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--shape: " + e.getMessage());
    }
    Bench bench = new Bench(new Bench.Options(events, partitions, streamThreads(), rounds, windows, !noMicro, seed, settings,
        groundTruth, jvmArgs, liveSeconds, liveRate, eventShape), System.out);
    (peer ? bench.withPeer(peerScript) : bench).run();
    return 0;
  }
}
