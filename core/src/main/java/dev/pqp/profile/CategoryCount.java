package dev.pqp.profile;

/**
 * The count of one category: exact when {@code lowerBound == upperBound}, else an estimate from the
 * frequent-items sketch with the true count guaranteed in [{@code lowerBound}, {@code upperBound}].
 */
public record CategoryCount(long estimate, long lowerBound, long upperBound) {
  public CategoryCount {
    if (lowerBound > estimate || estimate > upperBound) {
      throw new IllegalArgumentException("need lowerBound <= estimate <= upperBound: " + lowerBound + ", " + estimate
          + ", " + upperBound);
    }
  }

  public boolean exact() {
    return lowerBound == upperBound;
  }

  /** Width of the guaranteed interval; 0 when exact. */
  public long maxError() {
    return upperBound - lowerBound;
  }
}
