package dev.pqp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code pqp profile}'s options, refused with exit code 2 before any broker is asked (its output on a real
 * broker: CompareIntegrationTest in processor/).
 */
class ProfileCommandTest {
  @Test
  void shouldRejectBadWindowOptionsNamingThem() {
    Run none = run();
    Run two = run("--window", "2026-01-01T00:00:00Z", "--all-windows");
    Run toAlone = run("--window", "2026-01-01T00:00:00Z", "--to", "2026-01-02T00:00:00Z");
    Run backwards = run("--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z");
    Run badTime = run("--from", "noon");

    assertThat(none.exit).isEqualTo(2);
    assertThat(none.err).contains("Missing required argument", "--window", "--from", "--all-windows");
    assertThat(two.exit).isEqualTo(2);
    assertThat(two.err).contains("mutually exclusive");
    assertThat(toAlone.exit).isEqualTo(2);
    assertThat(toAlone.err).isEqualTo("pqp: --to needs --from\n");
    assertThat(backwards.exit).isEqualTo(2);
    assertThat(backwards.err).isEqualTo("pqp: --to 2026-01-01T00:00:00Z is before --from 2026-01-02T00:00:00Z\n");
    assertThat(badTime.exit).isEqualTo(2);
    assertThat(badTime.err).contains("--from 'noon' is not a time");
  }

  @Test
  void shouldBeAProductionCommandWithItsHelp() {
    StringWriter out = new StringWriter();
    CommandLine cl = PqpCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));

    int exit = cl.execute("profile", "--help");

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Usage: pqp profile", "--model=NAME", "--window=TIME", "--all-windows",
        "--from=TIME", "--to=TIME", "docs/reading-results.md");
  }

  /** The exit code and what the command printed. */
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    List<String> all = new ArrayList<>(List.of("profile", "--model", "claims", "--version", "v1"));
    all.addAll(Arrays.asList(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = PqpCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }
}
