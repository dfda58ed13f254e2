package dev.pqp.cli;

/** Entry point of the production jar {@code pqp-run.jar}: the production commands only. */
public final class RunMain {
  private RunMain() {}

  public static void main(String[] args) {
    dev.pqp.app.FormatLocale.preferUs();
    System.exit(PqpCommand.commandLine().execute(args));
  }
}
