package dev.pqp.outcome;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Exact confusion counts at threshold 0.5, sums of log-loss and Brier terms, and one score sketch per
 * actual class, from which {@link RocAuc} reads the ROC AUC. Mergeable: counts and sums add, sketches
 * merge.
 */
final class BinaryTally {
  /** A score at or above it predicts the positive class. */
  static final double THRESHOLD = 0.5;
  /** Log loss clips probabilities to [EPS, 1 - EPS] so that a confident miss costs ln(1e15), not infinity. */
  static final double EPS = 1e-15;

  long truePositives;
  long falsePositives;
  long trueNegatives;
  long falseNegatives;
  double logLossSum;
  double brierSum;
  final KllDoublesSketch positiveScores;
  final KllDoublesSketch negativeScores;

  BinaryTally(int k) {
    this(KllDoublesSketch.newHeapInstance(k), KllDoublesSketch.newHeapInstance(k));
  }

  BinaryTally(KllDoublesSketch positiveScores, KllDoublesSketch negativeScores) {
    this.positiveScores = positiveScores;
    this.negativeScores = negativeScores;
  }

  void add(double score, boolean positive) {
    boolean predicted = score >= THRESHOLD;
    if (predicted) {
      if (positive) {
        truePositives++;
      } else {
        falsePositives++;
      }
    } else if (positive) {
      falseNegatives++;
    } else {
      trueNegatives++;
    }
    double p = Math.min(1.0 - EPS, Math.max(EPS, score));
    logLossSum -= positive ? Math.log(p) : Math.log(1.0 - p);
    double error = score - (positive ? 1.0 : 0.0);
    brierSum += error * error;
    (positive ? positiveScores : negativeScores).update(score);
  }

  void merge(BinaryTally other) {
    truePositives += other.truePositives;
    falsePositives += other.falsePositives;
    trueNegatives += other.trueNegatives;
    falseNegatives += other.falseNegatives;
    logLossSum += other.logLossSum;
    brierSum += other.brierSum;
    positiveScores.merge(other.positiveScores);
    negativeScores.merge(other.negativeScores);
  }

  long count() {
    return truePositives + falsePositives + trueNegatives + falseNegatives;
  }
}
