package dev.pqp.window;

import java.util.Map;

/**
 * What a model version answered within one window.
 *
 * @param scoreHistogram per-bucket (not cumulative) counts of binary scores in [0, 0.1) ... [0.9, 1.0]
 * @param scoreLeBuckets per-bucket counts of the same scores by the inclusive bounds 0.0, 0.1, ..., 1.0
 *     of the Prometheus histogram
 * @param scoreSum exact sum of those scores
 * @param positiveRate share of scores at or above 0.5, or null without scores
 * @param classCounts predicted classes (exact counts, as profiled)
 * @param classRatios each class's share of the outputs that named a class
 * @param meanProbabilities per class, the mean probability a multiclass model gave it
 * @param valueQuantiles regression values by quantile level, empty without values
 * @param invalid scores outside [0, 1] and non-finite values
 */
public record MixSummary(long[] scoreHistogram, long[] scoreLeBuckets, double scoreSum, Double positiveRate, Map<String, Long> classCounts,
    Map<String, Double> classRatios, Map<String, Double> meanProbabilities, Map<Double, Double> valueQuantiles,
    long invalid) {

  public MixSummary {
    scoreHistogram = scoreHistogram.clone();
    scoreLeBuckets = scoreLeBuckets.clone();
    classCounts = Map.copyOf(classCounts);
    classRatios = Map.copyOf(classRatios);
    meanProbabilities = Map.copyOf(meanProbabilities);
    valueQuantiles = Map.copyOf(valueQuantiles);
  }

  @Override
  public long[] scoreHistogram() {
    return scoreHistogram.clone();
  }

  @Override
  public long[] scoreLeBuckets() {
    return scoreLeBuckets.clone();
  }
}
