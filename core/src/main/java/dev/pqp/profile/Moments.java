package dev.pqp.profile;

/**
 * Count, mean, sum of squared deviations (M2), min and max of a stream of finite doubles, mergeable
 * exactly: two partials merged equal (up to rounding) the moments of the concatenated stream, whatever
 * the split. That is what lets stage-1 partials and windows combine without keeping raw values.
 *
 * <p>Consumes doubles through {@link #add(double)} and other partials through {@link #merge(Moments)};
 * emits mean, variance, standard deviation, min and max. {@link #variance()} and {@link #stddev()} report
 * the <em>sample</em> statistics (divisor n − 1), the convention of pandas and of most data-quality tools
 * that operators compare against; the population ones are {@link #populationVariance()} and
 * {@link #populationStddev()}.
 *
 * <p>Mutable and not thread-safe, like every profile in this package.
 */
public final class Moments {
  private long count;
  private double mean;
  private double m2;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;

  /** An empty instance. */
  public Moments() {}

  /** Restores a state written by {@link ProfileCodec}; the values are trusted. */
  static Moments of(long count, double mean, double m2, double min, double max) {
    Moments m = new Moments();
    if (count == 0) {
      return m; // keep the infinities that make the first add() set min and max
    }
    m.count = count;
    m.mean = mean;
    m.m2 = m2;
    m.min = min;
    m.max = max;
    return m;
  }

  /** Adds one value (Welford's update, stable where the naive sum of squares cancels). */
  public void add(double x) {
    count++;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
    if (x < min) {
      min = x;
    }
    if (x > max) {
      max = x;
    }
  }

  /** Merges {@code other} into this instance (Chan, Golub and LeVeque); {@code other} is unchanged. */
  public void merge(Moments other) {
    if (other.count == 0) {
      return;
    }
    if (count == 0) {
      count = other.count;
      mean = other.mean;
      m2 = other.m2;
      min = other.min;
      max = other.max;
      return;
    }
    long n = count + other.count;
    double delta = other.mean - mean;
    // weighted by the partial sizes, so a huge partial and a tiny one combine without bias
    mean += delta * ((double) other.count / n);
    m2 += other.m2 + delta * delta * ((double) count * other.count / n);
    count = n;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  /** A deep copy. */
  public Moments copy() {
    return of(count, mean, m2, min, max);
  }

  public long count() {
    return count;
  }

  /** The mean, or NaN when empty. */
  public double mean() {
    return count == 0 ? Double.NaN : mean;
  }

  /** Sum of squared deviations from the mean. */
  public double m2() {
    return m2;
  }

  /** The smallest value, or NaN when empty. */
  public double min() {
    return count == 0 ? Double.NaN : min;
  }

  /** The largest value, or NaN when empty. */
  public double max() {
    return count == 0 ? Double.NaN : max;
  }

  /** Sample variance M2 / (n − 1), the one pqp reports; NaN below two values. */
  public double variance() {
    return count < 2 ? Double.NaN : m2 / (count - 1);
  }

  /** Sample standard deviation, the one pqp reports; NaN below two values. */
  public double stddev() {
    return Math.sqrt(variance());
  }

  /** Population variance M2 / n; NaN when empty. */
  public double populationVariance() {
    return count == 0 ? Double.NaN : m2 / count;
  }

  /** Population standard deviation; NaN when empty. */
  public double populationStddev() {
    return Math.sqrt(populationVariance());
  }

  @Override
  public String toString() {
    return "Moments[count=" + count + ", mean=" + mean() + ", stddev=" + stddev() + ", min=" + min()
        + ", max=" + max() + "]";
  }
}
