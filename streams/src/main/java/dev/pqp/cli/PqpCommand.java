package dev.pqp.cli;

import dev.pqp.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The top-level {@code pqp} command with the production subcommands; {@code pqp.jar} adds the tooling ones
 * (demo, broker, produce-sample, bench).
 */
@Command(
    name = "pqp",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Prediction-quality processor: drift, data quality and delayed accuracy of ML predictions on Kafka.",
    subcommands = {RunCommand.class, BaselineCommand.class, TailCommand.class, CompareCommand.class,
      ProfileCommand.class, CalibrateCommand.class, TopologyCommand.class, SettingsCommand.class,
      CommandLine.HelpCommand.class})
public final class PqpCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command line with the production subcommands and {@code more} registered. */
  public static CommandLine commandLine(Object... more) {
    CommandLine cl = new CommandLine(new PqpCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    for (Object command : more) {
      cl.addSubcommand(command);
    }
    // every subcommand offers -V/--version (mixinStandardHelpOptions); without a provider it prints nothing
    cl.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(new VersionProvider()));
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof ConfigException) {
        commandLine.getErr().println("pqp: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cl;
  }
}
