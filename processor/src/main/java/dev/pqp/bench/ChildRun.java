package dev.pqp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one system of the benchmark (the baseline or pqp) in a JVM of its own, {@code pqp bench-run}, so that
 * its figures are those of a whole process as it is deployed: every thread (stream threads, Kafka clients,
 * RocksDB, GC, JIT) and its own heap, without the broker's or the benchmark's. The child prints its
 * {@link RunResult} as one JSON line after {@link #RESULT} among its log, which goes to a file beside the state.
 */
public final class ChildRun {
  /** The line prefix of the child's result on its standard output. */
  public static final String RESULT = "BENCH_RESULT ";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MINUTES = 20;

  private ChildRun() {}

  /** The JSON line of a result. */
  public static String jsonOf(Object r) throws IOException {
    return JSON.writeValueAsString(r);
  }

  /**
   * Runs {@code system} ({@code baseline} or {@code pqp}) with JVM options {@code jvmArgs}, in which
   * {@code {run}} stands for the run's application id (e.g. a JFR file per run).
   */
  static RunResult run(String system, long events, long labels, Map<String, String> settings, List<String> jvmArgs,
      Path log) throws IOException, InterruptedException {
    return run(system, events, labels, settings, jvmArgs, log, RunResult.class);
  }

  /** As {@link #run(String, long, long, Map, List, Path)}, for a system whose result is a {@code type}. */
  static <T> T run(String system, long events, long labels, Map<String, String> settings, List<String> jvmArgs,
      Path log, Class<T> type) throws IOException, InterruptedException {
    Process p = start(system, events, labels, settings, jvmArgs, log);
    if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException(system + " run did not end within " + TIMEOUT_MINUTES + " minutes; log: " + log);
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (String line : lines) {
      if (line.startsWith(RESULT)) {
        return JSON.readValue(line.substring(RESULT.length()), type);
      }
    }
    throw new IllegalStateException(system + " run exited " + p.exitValue() + " without a result; last lines of " + log
        + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
  }

  /** Starts the child JVM of {@code system}, its output to {@code log}, its standard input a pipe. */
  static Process start(String system, long events, long labels, Map<String, String> settings, List<String> jvmArgs,
      Path log) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String arg : jvmArgs) {
      cmd.add(arg.replace("{run}", settings.getOrDefault(dev.pqp.config.ConfigKey.APPLICATION_ID.key(), system)));
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.pqp.cli.Main");
    cmd.add("bench-run");
    cmd.add("--system=" + system);
    cmd.add("--events=" + events);
    cmd.add("--labels=" + labels);
    settings.forEach((k, v) -> cmd.add("--set=" + k + "=" + v));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
