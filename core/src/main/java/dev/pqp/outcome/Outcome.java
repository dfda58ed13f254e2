package dev.pqp.outcome;

import java.util.Map;

/**
 * One labelled prediction: what the model said and what turned out to be true. Produced by the ground
 * truth join and consumed by {@link PerformanceProfile#add}.
 *
 * <p>Which metrics an outcome feeds follows from what it carries: a {@code score} and a
 * {@code trueLabel} make it a binary outcome, a predicted class ({@code predictedLabel}, or else the
 * arg-max of {@code probabilities}) and a {@code trueLabel} a multiclass one, a {@code predictedValue}
 * and a {@code trueValue} a regression one.
 *
 * @param predictionTimeMs event time of the prediction
 * @param labelTimeMs event time of the ground truth
 * @param score binary positive-class probability in [0, 1], or {@code null}
 * @param predictedLabel predicted class, or {@code null}
 * @param probabilities class to probability, never {@code null} (empty when not reported)
 * @param predictedValue regression prediction, or {@code null}
 * @param trueLabel true class, or {@code null} for a regression label
 * @param trueValue true value, or {@code null} for a classification label
 */
public record Outcome(
    long predictionTimeMs,
    long labelTimeMs,
    Double score,
    String predictedLabel,
    Map<String, Double> probabilities,
    Double predictedValue,
    String trueLabel,
    Double trueValue) {

  public Outcome {
    if (trueLabel == null && trueValue == null) {
      throw new IllegalArgumentException("an outcome needs a true label or a true value");
    }
    if (score != null && !(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score " + score + " is not a probability in [0, 1]");
    }
    requireFinite(predictedValue, "predictedValue");
    requireFinite(trueValue, "trueValue");
    probabilities = probabilities == null ? Map.of() : Map.copyOf(probabilities);
    probabilities.forEach((label, p) -> {
      if (!(p >= 0.0 && p <= 1.0)) {
        throw new IllegalArgumentException("probability of " + label + " is " + p);
      }
    });
  }

  /** A binary outcome: positive-class score and true label. */
  public static Outcome binary(long predictionTimeMs, long labelTimeMs, double score, String trueLabel) {
    return new Outcome(predictionTimeMs, labelTimeMs, score, null, null, null, trueLabel, null);
  }

  /** A multiclass outcome: predicted and true class. */
  public static Outcome classified(long predictionTimeMs, long labelTimeMs, String predicted, String trueLabel) {
    return new Outcome(predictionTimeMs, labelTimeMs, null, predicted, null, null, trueLabel, null);
  }

  /** A regression outcome: predicted and true value. */
  public static Outcome regression(long predictionTimeMs, long labelTimeMs, double predicted, double truth) {
    return new Outcome(predictionTimeMs, labelTimeMs, null, null, null, predicted, null, truth);
  }

  /**
   * The predicted class: {@code predictedLabel} if set, else the most probable class (the smallest
   * label among equal probabilities, so the choice does not depend on map order), else {@code null}.
   */
  public String predictedClass() {
    if (predictedLabel != null) {
      return predictedLabel;
    }
    String best = null;
    double bestP = -1.0;
    for (Map.Entry<String, Double> e : probabilities.entrySet()) {
      double p = e.getValue();
      if (p > bestP || (p == bestP && e.getKey().compareTo(best) < 0)) {
        best = e.getKey();
        bestP = p;
      }
    }
    return best;
  }

  /** Label delay in seconds; a label stamped before its prediction (clock skew) counts as 0. */
  public double delaySeconds() {
    return Math.max(0L, labelTimeMs - predictionTimeMs) / 1000.0;
  }

  private static void requireFinite(Double v, String name) {
    if (v != null && !Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " " + v + " is not finite");
    }
  }
}
