package dev.pqp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The batch peer: runs {@code bench/peer/peer.py} (pandas and scipy, the way users compute drift today) on
 * a topic already published and reads the one JSON line it prints: its events, windows, wall and CPU
 * seconds (whole Python process, all threads), CPU per event and peak RSS.
 *
 * <p>The interpreter is Debian's {@code /usr/bin/python3} when present, since the peer's packages are
 * Debian's ({@code python3-pandas}, {@code python3-scipy}, {@code python3-confluent-kafka}) and a
 * {@code python3} earlier on the PATH (pyenv, a virtualenv) does not see them; else {@code python3}.
 */
public final class PeerRun {
  static final String SCRIPT = "bench/peer/peer.py";
  private static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_MINUTES = 20;

  private PeerRun() {}

  /**
   * What the peer printed.
   *
   * @param wallSeconds first record received to the last window computed
   * @param cpuSeconds user + sys of the whole Python process over the same span
   * @param peakRssMb the process's peak resident set (ru_maxrss), interpreter and imports included
   * @param json the whole line, with per-window details when asked for
   */
  public record Result(long events, long windows, double wallSeconds, double cpuSeconds, double cpuMicrosPerEvent,
      double peakRssMb, double readSeconds, double computeSeconds, JsonNode json) {
    public double eventsPerSecond() {
      return events / wallSeconds;
    }
  }

  /** Why the peer did not give a result; {@code unavailable} when python3, a package or the script is missing. */
  public static final class Skipped extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean unavailable;

    Skipped(String reason, boolean unavailable) {
      super(reason);
      this.unavailable = unavailable;
    }

    public boolean unavailable() {
      return unavailable;
    }
  }

  /**
   * The script: {@code explicit} when given, else {@value #SCRIPT} under the working directory or the
   * nearest of its parents that has it.
   */
  public static Path script(Path explicit) throws Skipped {
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) {
        throw new Skipped(explicit + " not found", true);
      }
      return explicit;
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path p = dir.resolve(SCRIPT);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new Skipped(SCRIPT + " not found under the working directory or its parents (see --peer-script)", true);
  }

  /** Runs the peer on the first {@code events} records of {@code topic}, every partition from its beginning. */
  public static Result run(Path script, String bootstrapServers, String topic, long events, long windowMs,
      boolean details) throws Skipped, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Files.isExecutable(DEBIAN_PYTHON) ? DEBIAN_PYTHON.toString()
        : "python3", script.toString(), "--bootstrap", bootstrapServers, "--topic", topic, "--events",
        Long.toString(events), "--window-ms", Long.toString(windowMs)));
    if (details) {
      cmd.add("--details");
    }
    Path stdout = null;
    Path stderr = null;
    try {
      stdout = Files.createTempFile("pqp-peer", ".json");
      stderr = Files.createTempFile("pqp-peer", ".log");
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      } catch (IOException e) {
        throw new Skipped(cmd.get(0) + " could not be started: " + e.getMessage(), true);
      }
      if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new Skipped("peer did not finish in " + TIMEOUT_MINUTES + " minutes", false);
      }
      if (p.exitValue() != 0) {
        throw new Skipped("peer exited with " + p.exitValue() + ": " + lastLine(Files.readString(stderr)),
            p.exitValue() == 2);
      }
      return parse(Files.readString(stdout, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new Skipped("peer failed: " + e, false);
    } finally {
      for (Path f : new Path[] {stdout, stderr}) {
        if (f != null) {
          f.toFile().delete();
        }
      }
    }
  }

  /** The last line of the peer's stdout that is a JSON object. */
  static Result parse(String stdout) throws Skipped {
    String line = lastLine(stdout);
    if (!line.startsWith("{")) {
      throw new Skipped("peer printed no JSON line: " + line, false);
    }
    try {
      JsonNode j = JSON.readTree(line);
      return new Result(j.path("events").asLong(), j.path("windows").asLong(), j.path("wall_s").asDouble(),
          j.path("cpu_s").asDouble(), j.path("cpu_us_per_event").asDouble(), j.path("peak_rss_mb").asDouble(),
          j.path("read_s").asDouble(), j.path("compute_s").asDouble(), j);
    } catch (IOException e) {
      throw new Skipped("peer printed an unreadable line: " + e.getMessage(), false);
    }
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
