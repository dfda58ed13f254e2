package dev.pqp.event;

import java.util.Map;
import java.util.Objects;

/**
 * One prediction served by a model.
 *
 * @param features feature name to value: {@link Double}, {@link Long}, {@link Boolean}, {@link String},
 *     or {@code null} for a value that is present but missing
 * @param latencyMs serving latency if the server reported it, else {@code null}
 * @param status {@code success} or {@code error} if reported, else {@code null}
 * @param route serving route if reported, else {@code null}
 */
public record Prediction(
    String predictionId,
    String modelName,
    String modelVersion,
    long timestampMs,
    Map<String, Object> features,
    Output output,
    Double latencyMs,
    String status,
    String route,
    Map<String, String> attributes)
    implements ModelEvent {

  public Prediction {
    Objects.requireNonNull(predictionId, "predictionId");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(output, "output");
    features = features == null ? Map.of() : features;
    attributes = attributes == null ? Map.of() : attributes;
  }

  @Override
  public String type() {
    return "prediction";
  }

  public Prediction withTimestampMs(long ts) {
    return new Prediction(predictionId, modelName, modelVersion, ts, features, output, latencyMs, status, route, attributes);
  }

  public Prediction withModelVersion(String version) {
    return new Prediction(predictionId, modelName, version, timestampMs, features, output, latencyMs, status, route, attributes);
  }
}
