package dev.pqp.bench;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a script with the {@code python3} of the PATH (the standard library only); aborts the test without one. */
final class Python {
  private Python() {}

  /** The lines {@code python3 -c script} prints when given {@code input}, one item a line, on its standard input. */
  static List<String> run(String script, List<String> input) throws IOException, InterruptedException {
    Path stdout = Files.createTempFile("pqp-python", ".out");
    try {
      Process p;
      try {
        p = new ProcessBuilder("python3", "-c", script).redirectOutput(stdout.toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      } catch (IOException e) {
        return abort("python3 cannot be started here: " + e.getMessage());
      }
      try (OutputStream in = p.getOutputStream()) {
        in.write(String.join("\n", input).concat("\n").getBytes(StandardCharsets.UTF_8));
      }
      if (!p.waitFor(2, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("python3 did not finish in 2 minutes");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("python3 exited with " + p.exitValue());
      }
      return Files.readAllLines(stdout, StandardCharsets.UTF_8);
    } finally {
      Files.deleteIfExists(stdout);
    }
  }
}
