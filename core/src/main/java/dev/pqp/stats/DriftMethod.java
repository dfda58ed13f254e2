package dev.pqp.stats;

import java.util.EnumSet;
import java.util.Set;

/**
 * The per-feature drift scores, each with the feature types it applies to, its default threshold
 * and the direction in which the score signals drift. Defaults are calibrated (see {@link
 * DriftCalibration}) for windows of about 10,000 events against a 100,000-event reference: at most
 * 1% of stationary windows flagged, and a 0.5-sigma mean shift of a normal feature (binned PSI about
 * 0.24) flagged in its first window.
 */
public enum DriftMethod {
  /** {@link Psi}: drift when PSI {@code >= 0.2}, the conventional "significant shift" level. */
  PSI(0.2, Direction.AT_OR_ABOVE, FeatureType.NUMERIC, FeatureType.CATEGORICAL),
  /** {@link KsDistance}: drift when {@code D >= 0.1} (a 0.5-sigma shift of a normal gives 0.197). */
  KS(0.1, Direction.AT_OR_ABOVE, FeatureType.NUMERIC),
  /** {@link Wasserstein#normalized}: drift when W1 {@code >= 0.1} reference standard deviations. */
  WASSERSTEIN(0.1, Direction.AT_OR_ABOVE, FeatureType.NUMERIC),
  /** {@link JensenShannon}: drift when the distance (base 2) is {@code >= 0.1}. */
  JENSEN_SHANNON(0.1, Direction.AT_OR_ABOVE, FeatureType.NUMERIC, FeatureType.CATEGORICAL),
  /** {@link CategoricalDrift#lInfinity}: drift when some share moved by {@code >= 0.02}. */
  L_INFINITY(0.02, Direction.AT_OR_ABOVE, FeatureType.CATEGORICAL),
  /**
   * {@link ChiSquareResult#driftScore()}: the score is the p-value, gated by a minimum effect size
   * (Cohen's w {@code >= 0.3}, else the score is 1); drift when the score is {@code < 0.01}.
   */
  CHI_SQUARE(0.01, Direction.BELOW, FeatureType.CATEGORICAL);

  /** Kind of feature a method compares. Booleans are categorical. */
  public enum FeatureType {
    NUMERIC,
    CATEGORICAL
  }

  /** Which side of the threshold means drift. */
  public enum Direction {
    /** {@code score >= threshold}: distances and divergences. */
    AT_OR_ABOVE,
    /** {@code score < threshold}: p-values. */
    BELOW
  }

  /** The primary method of every feature type unless configured otherwise. */
  public static final DriftMethod DEFAULT_PRIMARY = PSI;

  private final double defaultThreshold;
  private final Direction direction;
  private final Set<FeatureType> featureTypes;

  DriftMethod(double defaultThreshold, Direction direction, FeatureType first, FeatureType... rest) {
    this.defaultThreshold = defaultThreshold;
    this.direction = direction;
    this.featureTypes = Set.copyOf(EnumSet.of(first, rest));
  }

  /** The threshold used unless a per-feature override is configured. */
  public double defaultThreshold() {
    return defaultThreshold;
  }

  /** Which side of the threshold means drift. */
  public Direction direction() {
    return direction;
  }

  /** Whether the method is defined for the feature type. */
  public boolean appliesTo(FeatureType type) {
    return featureTypes.contains(type);
  }

  /** Drift at the default threshold; a NaN score is never drift. */
  public boolean isDrift(double score) {
    return isDrift(score, defaultThreshold);
  }

  /** Drift at the given threshold; a NaN score is never drift. */
  public boolean isDrift(double score, double threshold) {
    return direction == Direction.AT_OR_ABOVE ? score >= threshold : score < threshold;
  }
}
