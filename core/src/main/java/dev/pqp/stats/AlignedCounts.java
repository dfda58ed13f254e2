package dev.pqp.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reference and current counts over the same categories: the sorted union of both sides' categories
 * (a category absent on one side counts 0 there), then {@link CategoryCounts#OTHER} if either side
 * has an "other" count. The two "other" buckets are compared as one category although they may hold
 * different values; that is the best a capped profile allows.
 *
 * @param labels category labels, in order
 * @param reference reference count per label
 * @param current current count per label
 */
public record AlignedCounts(List<String> labels, long[] reference, long[] current) {

  public AlignedCounts {
    labels = List.copyOf(labels);
    reference = reference.clone();
    current = current.clone();
    if (reference.length != labels.size() || current.length != labels.size()) {
      throw new IllegalArgumentException("labels and counts differ in length");
    }
  }

  /**
   * Aligns two count sets.
   *
   * @throws IllegalArgumentException if either side has a zero total
   */
  public static AlignedCounts of(CategoryCounts reference, CategoryCounts current) {
    if (reference.total() <= 0 || current.total() <= 0) {
      throw new IllegalArgumentException("reference and current need positive totals");
    }
    TreeSet<String> union = new TreeSet<>(reference.counts().keySet());
    union.addAll(current.counts().keySet());
    List<String> labels = new ArrayList<>(union);
    boolean hasOther = reference.other() > 0 || current.other() > 0;
    if (hasOther) {
      labels.add(CategoryCounts.OTHER);
    }
    long[] r = new long[labels.size()];
    long[] c = new long[labels.size()];
    for (int i = 0; i < union.size(); i++) {
      r[i] = reference.counts().getOrDefault(labels.get(i), 0L);
      c[i] = current.counts().getOrDefault(labels.get(i), 0L);
    }
    if (hasOther) {
      r[r.length - 1] = reference.other();
      c[c.length - 1] = current.other();
    }
    return new AlignedCounts(labels, r, c);
  }

  @Override
  public long[] reference() {
    return reference.clone();
  }

  @Override
  public long[] current() {
    return current.clone();
  }

  /** Reference shares, summing to 1. */
  public double[] referenceShares() {
    return Shares.of(reference, sum(reference));
  }

  /** Current shares, summing to 1. */
  public double[] currentShares() {
    return Shares.of(current, sum(current));
  }

  static long sum(long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }
}
