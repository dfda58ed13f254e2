package dev.pqp.status;

import java.util.List;

/**
 * The answer of {@code /api/models}: every model version of the application, gathered from every instance.
 *
 * @param instance the instance that answered
 * @param windows the windows kept per version ({@code status.windows})
 * @param instances every instance asked, with whether it answered
 * @param models by name, each version by name
 */
public record ClusterModels(String instance, long generatedAtMs, int windows, List<InstanceReport> instances,
    List<ModelStatus> models) {
  public ClusterModels {
    instances = List.copyOf(instances);
    models = List.copyOf(models);
  }

  /**
   * One instance's answer.
   *
   * @param ok it answered in time with its models
   * @param state its Kafka Streams state, when it answered
   * @param error why it did not answer (timed out, refused, HTTP 500, ...), or why its windows are missing
   * @param elapsedMs how long the answer took
   * @param versions model versions it answered for
   */
  public record InstanceReport(String instance, boolean self, boolean ok, String state, String error, long elapsedMs,
      int versions) {}

  /** A model and its versions. */
  public record ModelStatus(String model, List<VersionStatus> versions) {
    public ModelStatus {
      versions = List.copyOf(versions);
    }
  }
}
