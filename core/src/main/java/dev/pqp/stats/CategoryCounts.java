package dev.pqp.stats;

import java.util.Map;

/**
 * Observed counts of a categorical feature: exact counts per category plus one {@code other} count
 * for values the profile could not keep exactly (beyond its cap, or below a frequent-items
 * sketch's threshold). Missing values are not counted here.
 *
 * @param counts count per category, each {@code >= 0}; the key {@value #OTHER} is reserved
 * @param other count of values not in {@code counts}, {@code >= 0}
 */
public record CategoryCounts(Map<String, Long> counts, long other) {

  /** Label of the "other" bucket in aligned results. */
  public static final String OTHER = "__other__";

  public CategoryCounts {
    counts = Map.copyOf(counts);
    if (other < 0) {
      throw new IllegalArgumentException("other count is negative: " + other);
    }
    for (Map.Entry<String, Long> e : counts.entrySet()) {
      if (e.getValue() < 0 || OTHER.equals(e.getKey())) {
        throw new IllegalArgumentException("bad category count " + e.getKey() + "=" + e.getValue());
      }
    }
  }

  /** Counts with nothing in "other". */
  public static CategoryCounts of(Map<String, Long> counts) {
    return new CategoryCounts(counts, 0);
  }

  /** All counted values: the category counts plus other. */
  public long total() {
    long total = other;
    for (long c : counts.values()) {
      total += c;
    }
    return total;
  }

  /** The shares of the categories in key order, then of the rest: the same order in every process. */
  public double[] sortedShares() {
    double total = total();
    double[] shares = new double[counts.size() + 1];
    int i = 0;
    for (long c : new java.util.TreeMap<>(counts).values()) {
      shares[i++] = c / total;
    }
    shares[i] = other / total;
    return shares;
  }
}
