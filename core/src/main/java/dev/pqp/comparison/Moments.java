package dev.pqp.comparison;

/**
 * The running count, sum and sum of squares of one version's per-prediction values of a metric (1/0 for
 * correctness, the loss, an outcome's value): enough for its mean and variance, mergeable, exact for counts.
 */
public record Moments(long n, double sum, double sumOfSquares) {
  public static final Moments EMPTY = new Moments(0, 0, 0);

  /** {@code successes} of {@code n} Bernoulli values (1 for a success). */
  public static Moments bernoulli(long n, long successes) {
    return new Moments(n, successes, successes);
  }

  public Moments plus(Moments o) {
    return new Moments(n + o.n, sum + o.sum, sumOfSquares + o.sumOfSquares);
  }

  /** These moments without {@code o}'s: a window's new counts less its previous ones. */
  public Moments minus(Moments o) {
    return new Moments(n - o.n, sum - o.sum, sumOfSquares - o.sumOfSquares);
  }

  /** The same values' count with no successes (sums 0). */
  public Moments withoutValues() {
    return new Moments(n, 0, 0);
  }

  public Moments plus(double value) {
    return new Moments(n + 1, sum + value, sumOfSquares + value * value);
  }

  public double mean() {
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The population variance of the values (never negative); NaN when empty. */
  public double variance() {
    if (n == 0) {
      return Double.NaN;
    }
    double m = mean();
    return Math.max(0, sumOfSquares / n - m * m);
  }
}
