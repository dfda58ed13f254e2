package dev.pqp.stats;

/** Checks on share vectors shared by the binned statistics. */
final class Shares {

  private Shares() {}

  static void requireAligned(double[] reference, double[] current) {
    if (reference.length != current.length || reference.length == 0) {
      throw new IllegalArgumentException(
          "share vectors must be non-empty and aligned: " + reference.length + " vs " + current.length);
    }
    for (int i = 0; i < reference.length; i++) {
      if (!(reference[i] >= 0 && reference[i] <= 1 && current[i] >= 0 && current[i] <= 1)) {
        throw new IllegalArgumentException("share outside [0, 1] at " + i);
      }
    }
  }

  /** Shares of exact bin counts, which must number {@code bins} and sum to a positive total. */
  static double[] of(long[] counts, int bins) {
    if (counts.length != bins) {
      throw new IllegalArgumentException(counts.length + " counts for " + bins + " bins");
    }
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total <= 0) {
      throw new IllegalArgumentException("bin counts sum to " + total);
    }
    return of(counts, total);
  }

  /** Shares of counts; the total must be positive. */
  static double[] of(long[] counts, long total) {
    double[] shares = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      shares[i] = (double) counts[i] / total;
    }
    return shares;
  }
}
