package dev.pqp.cli;

import picocli.CommandLine;

/** Reads the version that Maven wrote into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = PqpCommand.class.getPackage().getImplementationVersion();
    return new String[] {"pqp " + (v == null ? "development build" : v)};
  }
}
