package dev.pqp.event;

import java.util.Objects;

/**
 * The true outcome of a prediction. Exactly one of {@code label} (classification) and {@code value}
 * (regression) is usually set; at least one is.
 */
public record GroundTruth(String predictionId, long timestampMs, String label, Double value) implements Event {
  public GroundTruth {
    Objects.requireNonNull(predictionId, "predictionId");
    if (label == null && value == null) {
      throw new IllegalArgumentException("ground truth needs a label or a value");
    }
  }

  @Override
  public String type() {
    return "ground_truth";
  }
}
