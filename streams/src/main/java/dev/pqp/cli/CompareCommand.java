package dev.pqp.cli;

import dev.pqp.compare.Against;
import dev.pqp.compare.CompareException;
import dev.pqp.compare.ComparisonReport;
import dev.pqp.compare.ProfileCatalog;
import dev.pqp.compare.SelectedWindow;
import dev.pqp.compare.WindowComparison;
import dev.pqp.config.ConfigException;
import dev.pqp.config.PqpConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pqp compare}: reads the window profiles the processor published (profiles topic) and evaluates one
 * window of a version against another window, the same window of another version, or the version's
 * reference, with the configured drift settings; prints a table or JSON lines. Exit code 1 when a profile or
 * topic is missing, 2 for bad options.
 */
@Command(name = "compare",
    description = {"Compare a finalized window of a model version with another window, the",
      "same window of another version, or the version's reference, from the window",
      "profiles the processor publishes (topics.profiles; no raw events needed).",
      "TIME is epoch millis or ISO-8601; it selects the version's window with the",
      "latest start at or before TIME. Exit code 1 when a profile is missing.",
      "Examples:",
      "  pqp compare -b kafka:9092 --model churn --version v3 \\",
      "      --window 2026-01-31T12:00:00Z --against-version v2",
      "  pqp compare ... --window 1769860800000 --against-window 1769774400000",
      "  pqp compare ... --window 2026-01-31T12:00:00Z --against-reference --json"})
final class CompareCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  // no mixinStandardHelpOptions: its -V/--version would take the model's --version
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
  boolean help;

  @Option(names = "--model", required = true, paramLabel = "NAME", description = "model name")
  String model;

  @Option(names = "--version", required = true, paramLabel = "V", description = "model version")
  String version;

  @Option(names = "--window", required = true, paramLabel = "TIME", description = "a time in the window to compare")
  String window;

  @ArgGroup(exclusive = true, multiplicity = "1")
  AgainstOptions against;

  @Option(names = "--json", description = "print JSON lines instead of a table")
  boolean json;

  @Option(names = "--timeout", defaultValue = "60s", paramLabel = "D", description = "give up reading a topic after (default: ${DEFAULT-VALUE})")
  String timeout;

  /** Exactly one of these. */
  static final class AgainstOptions {
    @Option(names = "--against-version", paramLabel = "V2", description = "the window of version V2 at the same TIME")
    String version;

    @Option(names = "--against-window", paramLabel = "TIME2", description = "the window of the same version at TIME2")
    String window;

    @Option(names = "--against-reference", description = "the version's reference (MODEL/VERSION, else MODEL/*) on the reference topic")
    boolean reference;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (model.isBlank() || version.isBlank() || (against.version != null && against.version.isBlank())) {
      throw new ConfigException("--model, --version and --against-version must not be blank");
    }
    long at = Durations.instant("--window", window);
    Long againstAt = against.window == null ? null : Durations.instant("--against-window", against.window);
    Duration limit = Durations.parse("--timeout", timeout);
    PqpConfig config = options.load().requireBootstrapServers();
    try {
      Map<String, Object> client = ClientOptions.clientProperties(config, ConsumerConfig.configNames(), Map.of());
      String topic = config.topics().profiles();
      ProfileCatalog profiles = new ProfileCatalog(topic, TopicSnapshot.read(client, topic, limit));
      SelectedWindow current = profiles.select(model, version, at);
      Against base;
      if (against.reference) {
        String refTopic = config.topics().reference();
        base = Against.reference(refTopic, TopicSnapshot.read(client, refTopic, limit), model, version);
      } else if (againstAt != null) {
        base = Against.window(profiles.select(model, version, againstAt));
      } else {
        base = Against.version(profiles.select(model, against.version, at));
      }
      WindowComparison c = WindowComparison.evaluate(config.analysis().drift(), current, base);
      if (json) {
        ComparisonReport.jsonLines(c).forEach(out::println);
      } else {
        out.print(ComparisonReport.text(c));
      }
      out.flush();
      return 0;
    } catch (CompareException | KafkaException e) {
      err.println("pqp compare: " + e.getMessage());
      return 1;
    }
  }
}
