package dev.pqp.stats;

/**
 * Drift statistics of a categorical feature from exact counts (see {@link AlignedCounts} for how
 * categories and the "other" bucket are aligned). All results are exact up to floating point.
 */
public final class CategoricalDrift {

  private CategoricalDrift() {}

  /**
   * PSI with {@link Psi#DEFAULT_EPSILON} standing in for the share of a category that is unseen on
   * one side. {@link PsiResult#movers} names the categories that moved most.
   *
   * @throws IllegalArgumentException if either side has a zero total
   */
  public static PsiResult psi(CategoryCounts reference, CategoryCounts current) {
    return psi(reference, current, Psi.DEFAULT_EPSILON);
  }

  /** PSI with the given epsilon in (0, 1); see {@link #psi(CategoryCounts, CategoryCounts)}. */
  public static PsiResult psi(CategoryCounts reference, CategoryCounts current, double epsilon) {
    AlignedCounts a = AlignedCounts.of(reference, current);
    return Psi.compute(a.labels(), a.referenceShares(), a.currentShares(), epsilon);
  }

  /**
   * Jensen-Shannon distance (base 2, in [0, 1]) between the category shares.
   *
   * @throws IllegalArgumentException if either side has a zero total
   */
  public static double jensenShannon(CategoryCounts reference, CategoryCounts current) {
    AlignedCounts a = AlignedCounts.of(reference, current);
    return JensenShannon.distance(a.referenceShares(), a.currentShares());
  }

  /**
   * L-infinity distance: the largest absolute difference between a category's reference and
   * current share, in [0, 1] (0.05 means some category's share moved by 5 percentage points).
   *
   * @throws IllegalArgumentException if either side has a zero total
   */
  public static double lInfinity(CategoryCounts reference, CategoryCounts current) {
    AlignedCounts a = AlignedCounts.of(reference, current);
    return lInfinity(a.referenceShares(), a.currentShares());
  }

  /** L-infinity distance between aligned shares. */
  static double lInfinity(double[] reference, double[] current) {
    double max = 0.0;
    for (int i = 0; i < reference.length; i++) {
      max = Math.max(max, Math.abs(current[i] - reference[i]));
    }
    return max;
  }
}
