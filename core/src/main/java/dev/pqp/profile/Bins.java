package dev.pqp.profile;

import java.util.Arrays;

/**
 * Exact counts of values in the bins (-inf, e1], (e1, e2], ..., (ek, +inf) of given edges: a value equal
 * to an edge falls in the lower bin, as in {@code dev.pqp.stats.BinEdges}.
 */
public final class Bins {
  private final double[] edges;
  private final long[] counts;

  public Bins(double[] edges) {
    this(edges.clone(), new long[edges.length + 1]);
  }

  Bins(double[] edges, long[] counts) {
    if (counts.length != edges.length + 1) {
      throw new IllegalArgumentException(edges.length + " edges need " + (edges.length + 1) + " counts, not " + counts.length);
    }
    this.edges = edges;
    this.counts = counts;
  }

  void add(double v) {
    int i = Arrays.binarySearch(edges, v);
    // an exact hit on edge i belongs to bin i (the bin that ends at it); a miss lands at its insertion point
    counts[i >= 0 ? i : -i - 1]++;
  }

  /** Edges of the bins; do not modify. */
  public double[] edges() {
    return edges;
  }

  /** Counts per bin; do not modify. */
  public long[] counts() {
    return counts;
  }

  public long total() {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  Bins copy() {
    return new Bins(edges.clone(), counts.clone());
  }

  /**
   * Merges {@code other} into {@code mine}. Profiles counted into different edges (the reference changed
   * within the window) cannot be combined exactly: the result has no bins and statistics fall back to
   * the sketch. {@code mineUnset} says {@code mine} has seen nothing yet and may take {@code other}'s bins.
   */
  static Bins merge(Bins mine, boolean mineUnset, Bins other) {
    if (mineUnset) {
      return other == null ? null : other.copy();
    }
    if (mine == null || other == null || !Arrays.equals(mine.edges, other.edges)) {
      return null;
    }
    for (int i = 0; i < mine.counts.length; i++) {
      mine.counts[i] += other.counts[i];
    }
    return mine;
  }
}
