package dev.pqp.cli;

import dev.pqp.config.ConfigKey;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options every command that runs the processor shares; they override the file and the environment. */
final class ConfigOptions extends ClientOptions {
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

  @Override
  Map<String, String> flags() {
    Map<String, String> f = super.flags();
    put(f, ConfigKey.REGISTRY_URL, registryUrl);
    put(f, ConfigKey.APPLICATION_ID, applicationId);
    put(f, ConfigKey.STATE_DIR, stateDir == null ? null : stateDir.toString());
    put(f, ConfigKey.HTTP_PORT, httpPort == null ? null : httpPort.toString());
    put(f, ConfigKey.WINDOW_SIZE, window);
    put(f, ConfigKey.WINDOW_GRACE, grace);
    put(f, ConfigKey.COMPARE_VERSIONS, compare.isEmpty() ? null : String.join(",", compare));
    return f;
  }
}
