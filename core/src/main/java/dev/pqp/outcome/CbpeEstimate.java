package dev.pqp.outcome;

import java.util.Optional;

/**
 * Performance expected of a binary model on a window whose labels have not arrived, from its score
 * histogram and a {@link Calibration} (confidence-based performance estimation, as NannyML's CBPE).
 *
 * <p>With {@code n_b} unlabelled predictions and observed positive rate {@code p_b} in bucket b, the
 * bucket is expected to hold {@code n_b p_b} positives and {@code n_b (1 - p_b)} negatives, and it
 * predicts positive when its lower bound is at least the 0.5 threshold. Accuracy and F1 follow from the
 * expected confusion counts. ROC AUC ranks the buckets by score and counts pairs within a bucket as
 * ties (half), so at this ten-bucket resolution it reads lower than an AUC computed on raw scores.
 *
 * <p>The estimate is only as good as the calibration: it assumes the score-to-outcome relation learned
 * from labelled windows still holds (covariate shift is fine, concept drift is not). A bucket with fewer
 * than {@code minLabelsPerBucket} labels is <em>thin</em>: its rate is not trusted. The estimate is
 * withheld when more than {@link #MAX_THIN_SHARE} of the window's predictions fall in thin buckets (a
 * score range the labels have not seen); below that share, a thin bucket is taken as calibrated (its
 * positive rate is its middle score), which moves the estimate by at most half that share. With the
 * default 30 a bucket's rate has a standard error of at most 0.09; a window spread over all ten buckets
 * needs at least 300 labels, typically a few thousand since labelled scores are not spread evenly.
 *
 * @param count predictions in the window
 * @param accuracy expected accuracy at threshold 0.5
 * @param f1 expected F1, {@code null} when no positives are expected or predicted
 * @param rocAuc expected ROC AUC, {@code null} when no positives or no negatives are expected
 */
public record CbpeEstimate(long count, double accuracy, Double f1, Double rocAuc) {
  public static final int DEFAULT_MIN_LABELS_PER_BUCKET = 30;
  /** The largest share of a window's predictions in thin buckets that still gets an estimate. */
  public static final double MAX_THIN_SHARE = 0.01;

  /**
   * @param scoreHistogram predictions of the unlabelled window per {@link Calibration#bucket}
   * @return the estimate, or empty when the window is empty or too much of it lies where the calibration is thin
   */
  public static Optional<CbpeEstimate> of(Calibration calibration, long[] scoreHistogram, int minLabelsPerBucket) {
    if (scoreHistogram.length != Calibration.BUCKETS) {
      throw new IllegalArgumentException("a score histogram has " + Calibration.BUCKETS + " buckets");
    }
    long n = 0;
    long thin = 0;
    double[] rate = new double[Calibration.BUCKETS];
    for (int b = 0; b < Calibration.BUCKETS; b++) {
      n += scoreHistogram[b];
      if (calibration.labelled(b) < Math.max(1, minLabelsPerBucket)) {
        thin += scoreHistogram[b];
        rate[b] = (b + 0.5) / Calibration.BUCKETS;
      } else {
        rate[b] = calibration.positiveRate(b);
      }
    }
    if (n == 0 || thin > MAX_THIN_SHARE * n) {
      return Optional.empty();
    }
    double tp = 0;
    double fp = 0;
    double tn = 0;
    double fn = 0;
    double negativesBelow = 0; // expected negatives in lower-score buckets, for AUC
    double concordant = 0;
    for (int b = 0; b < Calibration.BUCKETS; b++) {
      double pos = scoreHistogram[b] * rate[b];
      double neg = scoreHistogram[b] - pos;
      if (b >= Calibration.BUCKETS / 2) {
        tp += pos;
        fp += neg;
      } else {
        fn += pos;
        tn += neg;
      }
      concordant += pos * (negativesBelow + 0.5 * neg);
      negativesBelow += neg;
    }
    double positives = tp + fn;
    Double f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : null;
    Double auc = positives > 0 && negativesBelow > 0 ? concordant / (positives * negativesBelow) : null;
    return Optional.of(new CbpeEstimate(n, (tp + tn) / n, f1, auc));
  }
}
