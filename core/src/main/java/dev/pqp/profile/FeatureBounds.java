package dev.pqp.profile;

/**
 * What a profile needs to know about the reference while it counts: whether a numeric value falls
 * outside the reference range and whether a category never occurred in the reference. The caller
 * implements it from the reference profile it looked up; profiles only count the answers.
 */
public interface FeatureBounds {
  /** Answers false to everything: for reference profiles themselves and for versions with no reference yet. */
  FeatureBounds NONE =
      new FeatureBounds() {
        @Override
        public boolean outOfRange(String feature, double value) {
          return false;
        }

        @Override
        public boolean unseen(String feature, String category) {
          return false;
        }
      };

  /** Whether {@code value} of numeric feature {@code feature} lies outside the reference range. */
  boolean outOfRange(String feature, double value);

  /** Whether {@code category} of categorical or boolean feature {@code feature} never occurred in the reference. */
  boolean unseen(String feature, String category);

  /**
   * The edges of the reference's bins of numeric feature {@code feature} (its deciles), so that the profile
   * counts its values into the same bins exactly; null when there is no reference for it.
   */
  default double[] binEdges(String feature) {
    return null;
  }
}
