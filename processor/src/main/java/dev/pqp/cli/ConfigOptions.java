package dev.pqp.cli;

import dev.pqp.config.ConfigKey;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that runs the processor shares; they override the file and the environment. */
final class ConfigOptions {
  @Option(names = "--config", paramLabel = "FILE", description = "settings file (.yaml, .yml or .properties)")
  Path configFile;

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers")
  String bootstrapServers;

  @Option(names = "--registry-url", paramLabel = "URL", description = "schema registry (Confluent API) for Confluent-framed Avro")
  String registryUrl;

  @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id (default: pqp)")
  String applicationId;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "directory for local state")
  Path stateDir;

  @Option(names = "--http-port", paramLabel = "N", description = "port of /metrics, /health, /ready (default: 9464)")
  Integer httpPort;

  @Option(names = "--window", paramLabel = "D", description = "tumbling window size, e.g. 5m, 20s (default: 5m)")
  String window;

  @Option(names = "--grace", paramLabel = "D", description = "window grace for late events (default: 1m)")
  String grace;

  @Option(names = "--compare", split = ",", paramLabel = "MODEL:V=V0",
      description = "compare the prediction mix of version V with version V0 window by window (champion/challenger), e.g. claims-risk:v2=v1")
  java.util.List<String> compare = new java.util.ArrayList<>();

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "any pqp setting, e.g. --set limits.max-features=100")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--kafka", paramLabel = "KEY=VALUE", description = "any Kafka Streams / client property, e.g. --kafka num.standby.replicas=1")
  Map<String, String> kafka = new LinkedHashMap<>();

  /** The flags given on the command line, as settings keys. */
  Map<String, String> flags() {
    Map<String, String> f = new LinkedHashMap<>(settings);
    put(f, ConfigKey.BOOTSTRAP_SERVERS, bootstrapServers);
    put(f, ConfigKey.REGISTRY_URL, registryUrl);
    put(f, ConfigKey.APPLICATION_ID, applicationId);
    put(f, ConfigKey.STATE_DIR, stateDir == null ? null : stateDir.toString());
    put(f, ConfigKey.HTTP_PORT, httpPort == null ? null : httpPort.toString());
    put(f, ConfigKey.WINDOW_SIZE, window);
    put(f, ConfigKey.WINDOW_GRACE, grace);
    put(f, ConfigKey.COMPARE_VERSIONS, compare.isEmpty() ? null : String.join(",", compare));
    kafka.forEach((k, v) -> f.put("kafka." + k, v));
    return f;
  }

  PqpConfig load() {
    return ConfigLoader.load(configFile, System.getenv(), flags());
  }

  private static void put(Map<String, String> f, ConfigKey key, String value) {
    if (value != null) {
      f.put(key.key(), value);
    }
  }
}
