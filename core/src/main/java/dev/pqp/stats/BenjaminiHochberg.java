package dev.pqp.stats;

import java.util.Arrays;

/**
 * The Benjamini-Hochberg step-up procedure: of m p-values, those at or below the largest {@code p(k)} with
 * {@code p(k) <= k q / m} (sorted ascending) are discoveries, and the expected share of false discoveries among
 * them is at most {@code q} for independent (or positively dependent) tests.
 */
public final class BenjaminiHochberg {
  private BenjaminiHochberg() {}

  /** The largest p-value that is a discovery at false-discovery rate {@code q}, or -1 when none is. */
  public static double cutoff(double[] pValues, double q) {
    double[] p = pValues.clone();
    Arrays.sort(p);
    int m = p.length;
    for (int k = m; k >= 1; k--) {
      if (p[k - 1] <= k * q / m) {
        return p[k - 1];
      }
    }
    return -1;
  }
}
