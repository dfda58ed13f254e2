package dev.pqp.cli;

import dev.pqp.compare.CompareException;
import dev.pqp.compare.ProfileCatalog;
import dev.pqp.compare.SelectedWindow;
import dev.pqp.config.ConfigException;
import dev.pqp.config.PqpConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pqp profile}: reads the window profiles the processor published (profiles topic), pqp's own binary
 * form, and prints a version's windows as JSON that any language reads, one object per window and line
 * ({@link ProfileJson}), oldest first. Exit code 1 when a profile or the topic is missing, 2 for bad options.
 */
@Command(name = "profile",
    description = {"Print finalized window profiles of a model version as JSON, one object per",
      "window and line, from the window profiles the processor publishes",
      "(topics.profiles), for readers in any language: event counts; per feature its",
      "kind, counts, mean, variance, min, max, quantiles p01..p99 with their rank",
      "error, or its category counts; the prediction mix; serving health; event lag",
      "(docs/reading-results.md names every field). TIME is epoch millis or",
      "ISO-8601; it selects the version's window with the latest start at or before",
      "TIME. Exit code 1 when a profile is missing.",
      "Examples:",
      "  pqp profile -b kafka:9092 --model churn --version v3 \\",
      "      --window 2026-01-31T12:00:00Z",
      "  pqp profile ... --from 2026-01-31T00:00:00Z --to 2026-01-31T12:00:00Z",
      "  pqp profile ... --all-windows | jq -c '.features.age.quantiles'"})
final class ProfileCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  // no mixinStandardHelpOptions: its -V/--version would take the model's --version
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Option(names = "--model", required = true, paramLabel = "NAME", description = "model name")
  String model;

  @Option(names = "--version", required = true, paramLabel = "V", description = "model version")
  String version;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Windows windows;

  @Option(names = "--to", paramLabel = "TIME", description = "with --from: up to the one TIME selects (default: the latest)")
  String to;

  @Option(names = "--timeout", defaultValue = "60s", paramLabel = "D", description = "give up reading the topic after (default: ${DEFAULT-VALUE})")
  String timeout;

  /** Exactly one of these. */
  static final class Windows {
    @Option(names = "--window", paramLabel = "TIME", description = "the window TIME selects")
    String window;

    @Option(names = "--from", paramLabel = "TIME", description = "the windows from the one TIME selects (or the first) on, oldest first")
    String from;

    @Option(names = "--all-windows", description = "every window of the version on the topic")
    boolean all;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (model.isBlank() || version.isBlank()) {
      throw new ConfigException("--model and --version must not be blank");
    }
    if (to != null && windows.from == null) {
      throw new ConfigException("--to needs --from");
    }
    Long at = windows.window == null ? null : Durations.instant("--window", windows.window);
    long from = windows.from == null ? Long.MIN_VALUE : Durations.instant("--from", windows.from);
    long until = to == null ? Long.MAX_VALUE : Durations.instant("--to", to);
    if (until < from) {
      throw new ConfigException("--to " + to + " is before --from " + windows.from);
    }
    Duration limit = Durations.parse("--timeout", timeout);
    PqpConfig config = options.load().requireBootstrapServers();
    try {
      Map<String, Object> client = ClientOptions.clientProperties(config, ConsumerConfig.configNames(), Map.of());
      String topic = config.topics().profiles();
      ProfileCatalog profiles = new ProfileCatalog(topic, TopicSnapshot.read(client, topic, limit));
      Stream<SelectedWindow> selected =
          at != null ? Stream.of(profiles.select(model, version, at)) : profiles.range(model, version, from, until);
      selected.forEach(w -> out.println(ProfileJson.line(w)));
      out.flush();
      return 0;
    } catch (CompareException | KafkaException e) {
      out.flush();
      err.println("pqp profile: " + e.getMessage());
      return 1;
    }
  }
}
