package dev.pqp.stats;

/**
 * Dataset-level drift: the share of features whose primary score signals drift, against a share
 * threshold (default {@value #DEFAULT_SHARE_THRESHOLD}).
 *
 * @param features features evaluated
 * @param driftedFeatures features with drift detected
 * @param share {@code driftedFeatures / features}, 0 when there are no features
 * @param shareThreshold the share at or above which the dataset has drifted
 * @param drifted {@code features > 0 && share >= shareThreshold}
 */
public record DatasetDrift(int features, int driftedFeatures, double share, double shareThreshold, boolean drifted) {

  /** Half of the features. */
  public static final double DEFAULT_SHARE_THRESHOLD = 0.5;

  public DatasetDrift {
    if (features < 0 || driftedFeatures < 0 || driftedFeatures > features) {
      throw new IllegalArgumentException(driftedFeatures + " drifted of " + features);
    }
  }

  /** The verdict at {@link #DEFAULT_SHARE_THRESHOLD}. */
  public static DatasetDrift of(int driftedFeatures, int features) {
    return of(driftedFeatures, features, DEFAULT_SHARE_THRESHOLD);
  }

  /**
   * The verdict at a share threshold in (0, 1].
   *
   * @throws IllegalArgumentException if counts are negative, drifted exceeds features, or the
   *     threshold is outside (0, 1]
   */
  public static DatasetDrift of(int driftedFeatures, int features, double shareThreshold) {
    if (!(shareThreshold > 0 && shareThreshold <= 1)) {
      throw new IllegalArgumentException("share threshold must be in (0, 1], was " + shareThreshold);
    }
    double share = features == 0 ? 0.0 : (double) driftedFeatures / features;
    return new DatasetDrift(features, driftedFeatures, share, shareThreshold, features > 0 && share >= shareThreshold);
  }
}
