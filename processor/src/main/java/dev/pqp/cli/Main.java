package dev.pqp.cli;

import picocli.CommandLine;

/**
 * Entry point of {@code pqp.jar}: the production commands and the tooling ones (demo, broker,
 * produce-sample, bench); parses the command line and exits with the command's status.
 */
public final class Main {
  private Main() {}

  /** The command line of {@code pqp.jar}; tests use it too. */
  public static CommandLine commandLine() {
    return PqpCommand.commandLine(new DemoCommand(), new BrokerCommand(), new ProduceSampleCommand(),
        new BenchCommand(), new BenchRunCommand());
  }

  public static void main(String[] args) {
    dev.pqp.app.FormatLocale.preferUs();
    System.exit(commandLine().execute(args));
  }
}
