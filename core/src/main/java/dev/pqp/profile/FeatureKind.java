package dev.pqp.profile;

/**
 * The kind of a feature, fixed by the first non-null value a profile sees: {@link Double} or {@link Long}
 * make it numeric, {@link Boolean} boolean, {@link String} categorical.
 */
public enum FeatureKind {
  NUMERIC,
  CATEGORICAL,
  BOOLEAN;

  /** The kind a value implies, or {@code null} for a missing value or a type pqp does not profile. */
  public static FeatureKind of(Object value) {
    if (value instanceof Double || value instanceof Long) {
      return NUMERIC;
    }
    if (value instanceof Boolean) {
      return BOOLEAN;
    }
    if (value instanceof String) {
      return CATEGORICAL;
    }
    return null;
  }
}
