package dev.pqp.cli;

import dev.pqp.config.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pqp settings}: every setting with its environment variable, default and meaning, from the same definitions
 * the config reads ({@link ConfigKey}); the settings table of docs/configuration.md is this command's {@code --markdown} output.
 */
@Command(name = "settings", mixinStandardHelpOptions = true,
    description = {"List every pqp setting: its key (config file, --set key=value), its environment variable, its",
      "default and its meaning. Kafka properties pass through as kafka.<property> / PQP_KAFKA_<PROPERTY> /",
      "--kafka property=value."})
final class SettingsCommand implements Callable<Integer> {
  @Option(names = "--markdown", description = "a Markdown table, as docs/configuration.md's")
  boolean markdown;

  @Parameters(arity = "0..1", paramLabel = "FILTER", description = "only the settings whose key contains this text")
  String filter;

  @Override
  public Integer call() {
    System.out.print(markdown ? markdown(keys(filter)) : text(keys(filter)));
    return 0;
  }

  static List<ConfigKey> keys(String filter) {
    List<ConfigKey> out = new ArrayList<>();
    for (ConfigKey k : ConfigKey.values()) {
      if (filter == null || k.key().contains(filter.toLowerCase(Locale.ROOT))) {
        out.add(k);
      }
    }
    return out;
  }

  /** The table of docs/configuration.md: one row per setting in the order of their definitions. */
  static String markdown(List<ConfigKey> keys) {
    StringBuilder b = new StringBuilder("| setting | environment | default | meaning |\n|---|---|---|---|\n");
    for (ConfigKey k : keys) {
      b.append("| `").append(k.key()).append("` | `").append(k.envName()).append("` | ")
          .append(k.defaultValue() == null ? "—" : "`" + k.defaultValue() + "`").append(" | ")
          .append(k.description()).append(" |\n");
    }
    return b.toString();
  }

  private static String text(List<ConfigKey> keys) {
    StringBuilder b = new StringBuilder();
    for (ConfigKey k : keys) {
      b.append(k.key()).append("  (").append(k.envName()).append(", default ")
          .append(k.defaultValue() == null ? "none" : k.defaultValue()).append(")\n    ").append(k.description())
          .append('\n');
    }
    return b.toString();
  }
}
