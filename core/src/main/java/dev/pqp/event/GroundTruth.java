package dev.pqp.event;

import java.util.Map;
import java.util.Objects;

/**
 * What became known about a prediction after it: its true outcome ({@code label} for classification,
 * {@code value} for regression) and business or proxy outcomes by name ({@code outcomes}: a click, a
 * conversion, its revenue), each a number. A serving stack or a downstream system sends one event per thing it
 * learns, each at its own delay: a click within seconds, a conversion and its revenue days later, the label
 * whenever it is known. At least one of the three is set.
 */
public record GroundTruth(String predictionId, long timestampMs, String label, Double value,
    Map<String, Double> outcomes) implements Event {
  public GroundTruth {
    Objects.requireNonNull(predictionId, "predictionId");
    outcomes = outcomes == null ? Map.of() : outcomes;
    if (label == null && value == null && outcomes.isEmpty()) {
      throw new IllegalArgumentException("ground truth needs a label, a value or outcomes");
    }
  }

  /** A true label or value without business outcomes. */
  public GroundTruth(String predictionId, long timestampMs, String label, Double value) {
    this(predictionId, timestampMs, label, value, Map.of());
  }

  /** Whether it carries a true label or value, which the accuracy figures join. */
  public boolean hasTruth() {
    return label != null || value != null;
  }

  @Override
  public String type() {
    return "ground_truth";
  }
}
