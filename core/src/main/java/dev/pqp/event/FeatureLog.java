package dev.pqp.event;

import java.util.Map;
import java.util.Objects;

/**
 * Features logged by a feature pipeline rather than by the model server.
 *
 * @param modelVersion the version, or {@code null} when the features serve every version
 * @param predictionId the prediction the features belong to, or {@code null}
 */
public record FeatureLog(
    String modelName, String modelVersion, String predictionId, long timestampMs, Map<String, Object> features)
    implements ModelEvent {

  public FeatureLog {
    Objects.requireNonNull(modelName, "modelName");
    features = features == null ? Map.of() : features;
  }

  @Override
  public String type() {
    return "features";
  }
}
