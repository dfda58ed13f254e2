package dev.pqp.cli;

import dev.pqp.app.LogFormats;
import dev.pqp.config.ConfigKey;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

/**
 * The options of every command that loads the settings to talk to Kafka: the settings file, the brokers,
 * {@code --set} and {@code --kafka}; they override the file and the environment. {@link ConfigOptions} adds
 * the processor's own flags; commands whose flags would clash with those (for example {@code compare}'s
 * {@code --window TIME}) use this one alone.
 */
class ClientOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "settings file (.yaml, .yml or .properties)")
  Path configFile;

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
  String bootstrapServers;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any pqp setting, e.g. --set limits.max-features=100")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "any Kafka Streams / client property, e.g. --kafka num.standby.replicas=1")
  Map<String, String> kafka = new LinkedHashMap<>();

  @Option(names = "--log-format", paramLabel = "FORMAT",
      description = "text (default) or json: one JSON object per line, for Loki, ELK and the like")
  String logFormat;

  /** The flags given on the command line, as settings keys. */
  Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>(settings);
    put(f, ConfigKey.BOOTSTRAP_SERVERS, bootstrapServers);
    put(f, ConfigKey.LOG_FORMAT, logFormat);
    kafka.forEach((k, v) -> f.put("kafka." + k, v));
    return f;
  }

  /** Loads the settings and switches the log to the format they ask for. */
  PqpConfig load() {
    PqpConfig config = ConfigLoader.load(configFile, System.getenv(), flags());
    LogFormats.apply(config.logFormat());
    return config;
  }

  /**
   * The properties of one Kafka client of a command: {@code defaults}, then the {@code kafka.*} settings this
   * kind of client knows ({@code known}: security, timeouts, ...), then the bootstrap servers. Streams, its
   * clients and the admin client of start-up get the same settings, so one set of flags or {@code PQP_KAFKA_*}
   * variables serves every command.
   */
  static Map<String, Object> clientProperties(PqpConfig config, Set<String> known, Map<String, Object> defaults) {
    Map<String, Object> p = new HashMap<>(defaults);
    config.kafka().forEach((k, v) -> {
      if (known.contains(k)) {
        p.put(k, v);
      }
    });
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    return p;
  }

  static void put(Map<String, String> f, ConfigKey key, String value) {
    if (value != null) {
      f.put(key.key(), value);
    }
  }
}
