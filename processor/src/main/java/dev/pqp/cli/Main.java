package dev.pqp.cli;


/** Entry point of {@code pqp.jar}: parses the command line and exits with the command's status. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(PqpCommand.commandLine().execute(args));
  }
}
