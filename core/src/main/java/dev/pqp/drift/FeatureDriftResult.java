package dev.pqp.drift;

import dev.pqp.stats.PsiResult.Mover;
import java.util.List;
import java.util.Map;

/**
 * The quality and drift of one feature of one model version in one window.
 *
 * @param driftFrom the start of the earliest window the drift statistics cover: {@code windowStart}, or earlier
 *     when the window held too few values of the feature and its drift was taken on the merge with the windows
 *     before it (a low-traffic version); its quality figures (count, missing, mean ...) are the window's own
 * @param mergedWindows windows the drift statistics cover, the window itself included
 * @param count values present (not missing, not invalid)
 * @param missing events of the window in which the feature was null or absent
 * @param driftScore score of the primary method, or null without a reference or with too few values
 * @param threshold the configured threshold of the primary method: the effect that matters
 * @param effectiveThreshold the threshold the score was held to at this window's size: the larger of
 *     {@code threshold} and what the score reads on a window of the same size drawn from the reference with
 *     probability {@code drift.false-alarm-rate}; null without a score
 * @param pValue the estimated probability of a score at least this high on a window of the same size drawn from
 *     the reference (for chi-square its own p-value); null without a score
 * @param driftDetectedUnadjusted the score reached the effective threshold
 * @param driftDetected it did, and the p-value is among the window's discoveries at {@code drift.fdr}
 *     (Benjamini-Hochberg over the window's features)
 * @param quantiles quantiles of the window by level (0.01 ... 0.99)
 * @param statistics every method that applies, by method name
 */
public record FeatureDriftResult(
    String modelName,
    String modelVersion,
    String featureName,
    String featureType,
    long windowStart,
    long windowEnd,
    long driftFrom,
    int mergedWindows,
    String referenceKind,
    String referenceId,
    long count,
    long missing,
    long invalid,
    long outOfRange,
    long unseen,
    Double mean,
    Double stddev,
    Double min,
    Double max,
    Map<Double, Double> quantiles,
    List<Statistic> statistics,
    String primaryMethod,
    Double driftScore,
    double threshold,
    Double effectiveThreshold,
    Double pValue,
    boolean driftDetectedUnadjusted,
    boolean driftDetected,
    List<Mover> movers) {

  /** One drift statistic; {@code errorBound} and {@code pValue} are null where they do not apply. */
  public record Statistic(String method, double value, Double errorBound, Double pValue) {}

  public FeatureDriftResult withFeatureType(String type) {
    return new FeatureDriftResult(modelName, modelVersion, featureName, type, windowStart, windowEnd, driftFrom, mergedWindows,
        referenceKind, referenceId, count, missing, invalid, outOfRange, unseen, mean, stddev, min, max, quantiles, statistics,
        primaryMethod, driftScore, threshold, effectiveThreshold, pValue, driftDetectedUnadjusted, driftDetected, movers);
  }

  /** The same result with the verdict after multiplicity: {@code driftDetected} as given. */
  public FeatureDriftResult withAdjustedVerdict(boolean detected) {
    return new FeatureDriftResult(modelName, modelVersion, featureName, featureType, windowStart, windowEnd,
        driftFrom, mergedWindows, referenceKind, referenceId, count, missing, invalid, outOfRange, unseen, mean, stddev, min, max, quantiles,
        statistics, primaryMethod, driftScore, threshold, effectiveThreshold, pValue, driftDetectedUnadjusted, detected,
        movers);
  }

  /** This window's figures with the drift of {@code merged}: the same feature on a span of {@code windows} windows. */
  public FeatureDriftResult withDriftOf(FeatureDriftResult merged, long from, int windows) {
    return new FeatureDriftResult(modelName, modelVersion, featureName, featureType, windowStart, windowEnd, from,
        windows, referenceKind, referenceId, count, missing, invalid, outOfRange, unseen, mean, stddev, min, max,
        quantiles, merged.statistics, primaryMethod, merged.driftScore, threshold, merged.effectiveThreshold,
        merged.pValue, merged.driftDetectedUnadjusted, merged.driftDetected, merged.movers);
  }

  public long total() {
    return count + missing + invalid;
  }

  public double missingRatio() {
    return total() == 0 ? 0 : (double) missing / total();
  }

  public double outOfRangeRatio() {
    return count == 0 ? 0 : (double) outOfRange / count;
  }
}
