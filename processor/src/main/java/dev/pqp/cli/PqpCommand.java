package dev.pqp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code pqp} command; its subcommands do the work. */
@Command(
    name = "pqp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prediction-quality processor: drift, data quality and delayed accuracy of ML predictions on Kafka.",
    subcommands = {CommandLine.HelpCommand.class})
public final class PqpCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with every subcommand registered; tests use it too. */
  public static CommandLine commandLine() {
    return new CommandLine(new PqpCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
