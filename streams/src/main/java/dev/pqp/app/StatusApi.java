package dev.pqp.app;

import dev.pqp.config.PqpConfig;
import dev.pqp.export.PerformanceGauges;
import dev.pqp.http.PeerAccess;
import dev.pqp.status.ClusterStatus;
import dev.pqp.status.LocalStatus;
import dev.pqp.topology.PqpTopology;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Wires the status JSON ({@code /api/models}, {@code /api/local/models}) to Kafka Streams: this instance's
 * summaries by interactive query, the other instances from the Kafka Streams metadata (their
 * {@code application.server}). The routes exist before Kafka Streams does (the HTTP port must be bound to
 * name {@code application.server}), so they take the status through a supplier.
 */
final class StatusApi {
  private StatusApi() {}

  static Map<String, Supplier<String>> routes(Supplier<ClusterStatus> status) {
    return Map.of(
        "/api/models", () -> Objects.requireNonNull(status.get(), "Kafka Streams is being created").json(),
        ClusterStatus.LOCAL_PATH, () -> Objects.requireNonNull(status.get(), "Kafka Streams is being created")
            .localJson());
  }

  static ClusterStatus cluster(KafkaStreams streams, Properties streamsProperties, PqpTopology.Dependencies deps,
      PqpConfig config) {
    PerformanceGauges performance = deps.performance();
    String self = streamsProperties.getProperty(StreamsConfig.APPLICATION_SERVER_CONFIG);
    HostInfo selfHost = HostInfo.buildFromEndpoint(self);
    LocalStatus local = new LocalStatus(self, () -> streams, PqpTopology.STATUS_STORE, performance::shown,
        deps.comparisons()::shown, deps.actions()::shown, performance::shownOutcomes, config.status().windows());
    return new ClusterStatus(local::read, () -> peers(streams, selfHost), config.status().peerTimeout(),
        config.status().windows(), PeerAccess.of(config.http(), config.status().peerTimeout()));
  }

  /** Every other instance of the application Kafka Streams knows of, by its {@code application.server}. */
  static ClusterStatus.Peers peers(KafkaStreams streams, HostInfo self) {
    try {
      List<String> hosts = streams.metadataForAllStreamsClients().stream()
          .map(StreamsMetadata::hostInfo)
          .filter(h -> !h.equals(HostInfo.unavailable()) && !h.equals(self))
          .map(h -> h.host().indexOf(':') >= 0 ? "[" + h.host() + "]:" + h.port() : h.host() + ":" + h.port())
          .distinct().sorted().toList();
      return new ClusterStatus.Peers(hosts, null);
    } catch (RuntimeException e) { // not started, or in error: report it, answer with this instance alone
      return new ClusterStatus.Peers(List.of(), e.getMessage());
    }
  }
}
