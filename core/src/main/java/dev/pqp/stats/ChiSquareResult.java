package dev.pqp.stats;

import java.util.List;

/**
 * Outcome of {@link ChiSquare#test}.
 *
 * @param statistic Pearson's statistic over the bins after merging
 * @param degreesOfFreedom bins after merging minus one; 0 means nothing could be tested
 * @param pValue probability of a statistic at least this large if both sides share one
 *     distribution; 1 when {@code degreesOfFreedom == 0}
 * @param effectSize Cohen's w, independent of the sample sizes
 * @param mergedCategories labels pooled into one bin because their expected counts were small
 */
public record ChiSquareResult(
    double statistic, int degreesOfFreedom, double pValue, double effectSize, List<String> mergedCategories) {

  public ChiSquareResult {
    mergedCategories = List.copyOf(mergedCategories);
  }

  /** {@link #driftScore(double)} with {@link ChiSquare#DEFAULT_MIN_EFFECT_SIZE}. */
  public double driftScore() {
    return driftScore(ChiSquare.DEFAULT_MIN_EFFECT_SIZE);
  }

  /**
   * The score of {@link DriftMethod#CHI_SQUARE}: the p-value when the effect size is at least
   * {@code minEffectSize}, else 1 (a difference too small to matter, however significant).
   */
  public double driftScore(double minEffectSize) {
    return effectSize >= minEffectSize ? pValue : 1.0;
  }
}
