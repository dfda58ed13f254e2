package dev.pqp.outcome;

import java.util.Arrays;

/**
 * How often each score bucket turned out positive, learned from a binary model version's labelled
 * outcomes: for the ten buckets {@code [i/10, (i+1)/10)} (the last one closed at 1), the labelled count
 * and the observed positives. Mergeable by addition, so per-window calibrations roll up per version.
 * {@link CbpeEstimate} applies it to the score histogram of windows whose labels have not arrived.
 */
public final class Calibration {
  public static final int BUCKETS = 10;

  private final long[] labelled = new long[BUCKETS];
  private final long[] positives = new long[BUCKETS];

  /** A calibration with these counts per bucket (as {@link #labelled} and {@link #positives} return them). */
  public static Calibration of(long[] labelled, long[] positives) {
    if (labelled.length != BUCKETS || positives.length != BUCKETS) {
      throw new IllegalArgumentException("a calibration has " + BUCKETS + " buckets");
    }
    Calibration c = new Calibration();
    for (int b = 0; b < BUCKETS; b++) {
      if (positives[b] < 0 || positives[b] > labelled[b]) {
        throw new IllegalArgumentException("bucket " + b + " has " + positives[b] + " positives of " + labelled[b]);
      }
      c.labelled[b] = labelled[b];
      c.positives[b] = positives[b];
    }
    return c;
  }

  /** The bucket of a score in [0, 1]; the same bucketing the unlabelled histogram must use. */
  public static int bucket(double score) {
    if (!(score >= 0.0 && score <= 1.0)) {
      throw new IllegalArgumentException("score " + score + " is not in [0, 1]");
    }
    return Math.min(BUCKETS - 1, (int) (score * BUCKETS));
  }

  /** Records one labelled binary outcome. */
  public void add(double score, boolean positive) {
    int b = bucket(score);
    labelled[b]++;
    if (positive) {
      positives[b]++;
    }
  }

  /** Records a binary outcome (one with a score and a true label); others are ignored. */
  public void add(Outcome outcome, PositiveClass positiveClass) {
    if (outcome.score() != null && outcome.trueLabel() != null) {
      add(outcome.score(), positiveClass.isPositive(outcome.trueLabel()));
    }
  }

  public void merge(Calibration other) {
    for (int b = 0; b < BUCKETS; b++) {
      labelled[b] += other.labelled[b];
      positives[b] += other.positives[b];
    }
  }

  public long labelled(int bucket) {
    return labelled[bucket];
  }

  public long positives(int bucket) {
    return positives[bucket];
  }

  public long total() {
    return Arrays.stream(labelled).sum();
  }

  /** Observed positive rate of a bucket, {@code NaN} without labels. */
  double positiveRate(int bucket) {
    return labelled[bucket] == 0 ? Double.NaN : (double) positives[bucket] / labelled[bucket];
  }
}
