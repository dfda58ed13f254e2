package dev.pqp.profile;

/**
 * The profile of one feature within one window: a {@link NumericProfile}, or a {@link CategoricalProfile}
 * for categorical and boolean features.
 *
 * <p>Consumes raw feature values ({@link Double}, {@link Long}, {@link Boolean}, {@link String} or
 * {@code null}) through {@link #add}, or unboxed through {@link #addNumber} and its siblings; emits counts, and the statistics of the concrete type. A value of
 * the wrong kind for the profile counts as invalid; {@code null} counts as missing.
 */
public sealed interface FeatureProfile permits NumericProfile, CategoricalProfile {

  /** A new, empty profile of the given kind. */
  static FeatureProfile create(FeatureKind kind, ProfileConfig config) {
    return switch (kind) {
      case NUMERIC -> new NumericProfile(config.kllK());
      case CATEGORICAL, BOOLEAN -> new CategoricalProfile(kind, config.categoryCap(), config.frequentItemsMapSize());
    };
  }

  FeatureKind kind();

  /** Values profiled: neither missing nor invalid. */
  long count();

  /** Values that were {@code null}. */
  long missing();

  /** Values of the wrong type or not finite. */
  long invalid();

  /** Every value seen: {@code count() + missing() + invalid()}. */
  default long total() {
    return count() + missing() + invalid();
  }

  /**
   * Profiles one raw value of feature {@code feature}; {@code bounds} answers the reference questions
   * (out of range, unseen category). O(1) amortized, in place.
   */
  void add(String feature, Object value, FeatureBounds bounds);

  /** As {@link #add} of a {@link Double} (or a {@link Long} converted to double), without boxing it. */
  void addNumber(String feature, double value, FeatureBounds bounds);

  /** As {@link #add} of a {@link String}: not null. */
  void addCategory(String feature, String category, FeatureBounds bounds);

  /** As {@link #add} of a {@link Boolean}. */
  void addBoolean(String feature, boolean value, FeatureBounds bounds);

  /** As {@link #add} of {@code null}: a missing value. */
  void addNull(String feature, FeatureBounds bounds);

  /** Counts {@code n} missing values at once, e.g. those seen before the feature's kind was known. */
  void addMissing(long n);

  /** Counts {@code n} invalid values at once, e.g. a whole partial whose kind conflicted with this one. */
  void addInvalid(long n);

  /**
   * Merges {@code other} into this profile, in place; {@code other} is left unchanged and shares no
   * state with this one afterwards. Counts and moments merge exactly, sketches by their own merge.
   *
   * @throws IllegalArgumentException if {@code other} is of another kind
   */
  void merge(FeatureProfile other);

  /** A deep copy, sharing no mutable state with this profile. */
  FeatureProfile copy();
}
