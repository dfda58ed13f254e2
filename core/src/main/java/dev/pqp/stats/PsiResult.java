package dev.pqp.stats;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Population stability index and its parts, one entry per bin or category.
 *
 * @param value {@code sum(contributions)}, 0 for identical shares, unbounded above
 * @param labels bin or category label of each entry
 * @param referenceShares reference share per entry, as observed (before the epsilon)
 * @param currentShares current share per entry, as observed (before the epsilon)
 * @param contributions {@code (c - r) * ln(c / r)} per entry with shares below the epsilon raised
 *     to it; each is {@code >= 0}
 * @param errorBound bound on {@code |value - PSI of the exact shares|} when the shares come from
 *     sketches (see {@link Psi#of}); 0 for exact counts
 */
public record PsiResult(
    double value,
    List<String> labels,
    double[] referenceShares,
    double[] currentShares,
    double[] contributions,
    double errorBound) {

  public PsiResult {
    labels = List.copyOf(labels);
    referenceShares = referenceShares.clone();
    currentShares = currentShares.clone();
    contributions = contributions.clone();
    int n = labels.size();
    if (referenceShares.length != n || currentShares.length != n || contributions.length != n) {
      throw new IllegalArgumentException("labels, shares and contributions differ in length");
    }
  }

  /** One bin or category that moved. */
  public record Mover(String label, double referenceShare, double currentShare, double contribution) {}

  /** The {@code limit} entries with the largest contributions, largest first (ties by position). */
  public List<Mover> movers(int limit) {
    return IntStream.range(0, labels.size())
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> -contributions[i]))
        .limit(Math.max(0, limit))
        .map(i -> new Mover(labels.get(i), referenceShares[i], currentShares[i], contributions[i]))
        .toList();
  }

  @Override
  public double[] referenceShares() {
    return referenceShares.clone();
  }

  @Override
  public double[] currentShares() {
    return currentShares.clone();
  }

  @Override
  public double[] contributions() {
    return contributions.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PsiResult p
        && value == p.value
        && labels.equals(p.labels)
        && Arrays.equals(referenceShares, p.referenceShares)
        && Arrays.equals(currentShares, p.currentShares)
        && Arrays.equals(contributions, p.contributions);
  }

  @Override
  public int hashCode() {
    return 31 * Double.hashCode(value) + Arrays.hashCode(contributions);
  }

  @Override
  public String toString() {
    return "PsiResult[value=" + value + ", errorBound=" + errorBound + ", movers=" + movers(3) + "]";
  }
}
