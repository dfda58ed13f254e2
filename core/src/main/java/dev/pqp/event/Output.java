package dev.pqp.event;

import java.util.Map;

/**
 * What the model answered. At least one field is set.
 *
 * @param score binary positive-class probability in [0, 1], or {@code null}
 * @param label predicted class, or {@code null}
 * @param probabilities class to probability for multiclass models, or {@code null}
 * @param value regression output, or {@code null}
 */
public record Output(Double score, String label, Map<String, Double> probabilities, Double value) {
  public Output {
    if (score == null && label == null && probabilities == null && value == null) {
      throw new IllegalArgumentException("prediction needs at least one of score, label, probabilities, value");
    }
  }
}
