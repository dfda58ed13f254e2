package dev.pqp.outcome;

import dev.pqp.stats.Estimate;
import java.util.Map;

/**
 * Realized performance of one (model, version, window), computed by {@link PerformanceMetrics} from a
 * {@link PerformanceProfile}. A family of metrics is {@code null} when no outcome carried it; a ratio is
 * {@code null} when its denominator is 0.
 *
 * @param labelled outcomes in the profile
 * @param predictionCount predictions in the window, labelled or not
 * @param coverage {@code labelled / predictionCount}, {@code null} without predictions
 * @param delayP50 median label delay in seconds (likewise p95, p99); {@code null} without outcomes
 */
public record Performance(long labelled, long predictionCount, Double coverage, Double delayP50,
    Double delayP95, Double delayP99, Binary binary, Multiclass multiclass, Regression regression) {

  /**
   * Binary metrics at threshold 0.5.
   *
   * @param rocAuc AUC with its error bound (see {@link RocAuc}), {@code null} unless both classes occur
   * @param logLoss mean of {@code -ln p} of the true class, p clipped to [1e-15, 1 - 1e-15]
   * @param brier mean of {@code (score - y)^2}
   */
  public record Binary(long count, long truePositives, long falsePositives, long trueNegatives,
      long falseNegatives, double accuracy, Double precision, Double recall, Double f1, Estimate rocAuc,
      double logLoss, double brier, double predictedPositiveRate, double actualPositiveRate) {}

  /**
   * Multiclass metrics.
   *
   * @param accuracy exact, also past the class cap
   * @param macroF1 mean one-vs-rest F1 over the named classes that occur as truth or prediction
   * @param recall per named class that occurs as truth
   */
  public record Multiclass(long count, double accuracy, Double macroF1, Map<String, Double> recall) {
    public Multiclass {
      recall = Map.copyOf(recall);
    }
  }

  /**
   * Regression metrics on errors {@code predicted - truth}.
   *
   * @param mape mean of {@code |e| / |truth|} over non-zero truths, a fraction (not percent);
   *     {@code null} when every truth is 0
   * @param zeroTruths outcomes left out of MAPE
   * @param bias mean error: positive when the model over-predicts
   */
  public record Regression(long count, double mae, double rmse, Double mape, long zeroTruths, double bias) {}
}
