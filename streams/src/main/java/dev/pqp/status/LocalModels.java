package dev.pqp.status;

import java.util.List;

/**
 * The answer of {@code /api/local/models}: the model versions this instance owns.
 *
 * @param instance this instance's {@code application.server}
 * @param state the Kafka Streams state
 * @param error why the windows could not be read (a rebalance is under way, Kafka Streams not started), or null
 */
public record LocalModels(String instance, String state, String error, List<VersionStatus> versions) {
  public LocalModels {
    versions = List.copyOf(versions);
  }
}
