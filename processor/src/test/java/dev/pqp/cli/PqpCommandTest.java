package dev.pqp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The command line: help, version, and the errors a user sees for wrong flags or settings. */
class PqpCommandTest {
  /** The exit code and what the command printed. */
  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  @ParameterizedTest(name = "pqp {0} --help")
  @CsvSource(delimiter = '|', value = {
      "run            | Usage: pqp run            | --bootstrap-servers=HOST:PORT | --config=FILE | --kafka=KEY=VALUE | --set=KEY=VALUE",
      "demo           | Usage: pqp demo           | --bootstrap-servers=HOST:PORT | --duration=D  | --rate=EPS        | --seed=<seed>",
      "broker         | Usage: pqp broker         | --port=N                      | --data-dir=DIR | --help          | --version",
      "produce-sample | Usage: pqp produce-sample | --format=FORMAT               | --count=<count> | --registry-url=URL | --bad-rate=<badRate>",
      "tail           | Usage: pqp tail           | --topic=T                     | --from-beginning | --timeout=D     | --registry-url=URL"})
  void shouldPrintUsageWithTheOptionsOfEverySubcommand(String command, String usage, String o1, String o2, String o3, String o4) {
    Result r = run(command, "--help");

    assertThat(r.exit).isZero();
    assertThat(r.out).startsWith(usage).contains(o1, o2, o3, o4, "-h, --help", "-V, --version");
    assertThat(r.err).isEmpty();
  }

  @Test
  void shouldListEverySubcommandInTheTopLevelHelp() {
    Result r = run("--help");

    assertThat(r.exit).isZero();
    assertThat(r.out).startsWith("Usage: pqp").contains("run", "demo", "broker", "produce-sample", "tail", "help");
  }

  @Test
  void shouldPrintTheVersionFromTheTopLevelAndFromEverySubcommand() {
    Result top = run("--version");

    assertThat(top.exit).isZero();
    assertThat(top.out).startsWith("pqp ").hasLineCount(1);
    for (String sub : new String[] {"run", "demo", "broker", "produce-sample", "tail"}) {
      Result r = run(sub, "--version");
      assertThat(r.exit).as(sub).isZero();
      assertThat(r.out).as("pqp %s --version", sub).isEqualTo(top.out);
    }
  }

  @Test
  void shouldExitWithUsageErrorOnAnUnknownFlag() {
    Result r = run("run", "--no-such-flag");

    assertThat(r.exit).isEqualTo(CommandLine.ExitCode.USAGE).isEqualTo(2);
    assertThat(r.err).contains("Unknown option: '--no-such-flag'").contains("Usage: pqp run");
    assertThat(r.out).isEmpty();
  }

  @Test
  void shouldExitTwoWhenRunHasNoBootstrapServers() {
    assumeTrue(System.getenv("PQP_BOOTSTRAP_SERVERS") == null, "PQP_BOOTSTRAP_SERVERS is set in this environment");

    Result r = run("run", "--http-port", "0");

    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).startsWith("pqp: setting 'bootstrap.servers' is missing")
        .contains("--bootstrap-servers HOST:PORT", "PQP_BOOTSTRAP_SERVERS");
  }

  @Test
  void shouldExitTwoNamingTheSettingWhenAFlagValueIsBad() {
    Result window = run("run", "-b", "127.0.0.1:9092", "--window", "5 minutes");
    Result set = run("run", "-b", "127.0.0.1:9092", "--set", "limits.max-features=0");
    Result unknown = run("run", "-b", "127.0.0.1:9092", "--set", "window.sise=5m");

    assertThat(window.exit).isEqualTo(2);
    assertThat(window.err).contains("setting 'window.size' = '5 minutes' is invalid");
    assertThat(set.exit).isEqualTo(2);
    assertThat(set.err).contains("setting 'limits.max-features' = '0' is invalid: expected a whole number from 1 to 100000");
    assertThat(unknown.exit).isEqualTo(2);
    assertThat(unknown.err).contains("unknown setting 'window.sise'");
  }

  @Test
  void shouldRejectAnUnsupportedProduceSampleFormatBeforeConnecting() {
    Result r = run("produce-sample", "-b", "127.0.0.1:1", "--format", "xml", "--count", "1");

    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).isEqualTo("pqp: --format 'xml' is not supported: use json, avro-confluent or avro-single" + System.lineSeparator());
  }

  @Test
  void shouldRequireARegistryForConfluentFramedSamples() {
    Result r = run("produce-sample", "-b", "127.0.0.1:1", "--format", "avro-confluent", "--count", "1");

    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).contains("--format avro-confluent needs --registry-url");
  }

  @Test
  void shouldRequireTheRequiredOptionsOfProduceSampleAndTail() {
    Result produce = run("produce-sample");
    Result tail = run("tail", "-b", "127.0.0.1:9092");

    assertThat(produce.exit).isEqualTo(2);
    // the brokers may also come from PQP_BOOTSTRAP_SERVERS or --config, as for every command that talks to Kafka
    assertThat(produce.err).contains("setting 'bootstrap.servers' is missing: pass --bootstrap-servers HOST:PORT");
    assertThat(tail.exit).isEqualTo(2);
    assertThat(tail.err).contains("Missing required option: '--topic=T'");
  }
}
