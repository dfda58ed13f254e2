package dev.pqp.comparison;

/**
 * An always-valid confidence sequence for the difference of two means, challenger minus champion: Robbins' normal
 * mixture, as the mixture sequential probability ratio test of Johari, Koomen, Pekelis and Walsh ("Always valid
 * inference", 2017) and the asymptotic confidence sequences of Waudby-Smith, Arbour, Sinha, Kennedy and Ramdas
 * ("Time-uniform central limit theory and asymptotic confidence sequences", 2024) use it. With V the variance of
 * the estimated difference (s1^2/n1 + s2^2/n2) and tau^2 the mixture's variance, the interval
 *
 * <pre>  difference +- sqrt( 2 V (V + tau^2) / tau^2 * ( log(1/alpha) + log((V + tau^2) / V) / 2 ) )</pre>
 *
 * covers the true difference at every sample size at once with probability at least 1 - alpha (asymptotically, with
 * estimated variances): looking after every window, however many windows, does not raise the chance of ever
 * declaring a difference that is not there above alpha. tau^2 = s^2 rho^2 with s^2 the sum of the two variances (the
 * variance of one challenger value minus one champion value) and
 * rho^2 = (2 log(1/alpha) + log(2 log(1/alpha) + 1)) / t*, which makes the interval narrowest near t* values per
 * version (Waudby-Smith et al.'s choice); any tau^2 keeps the guarantee, only the width at each size changes.
 */
public final class ConfidenceSequence {
  /** The number of values per version near which the interval is narrowest. */
  public static final long DEFAULT_TUNED_FOR = 10_000;

  private ConfidenceSequence() {}

  /** The interval of challenger minus champion at error {@code alpha}, tuned for {@code tunedFor} values. */
  public static Interval difference(Moments champion, Moments challenger, double alpha, long tunedFor) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    double estimate = challenger.mean() - champion.mean();
    if (champion.n() < 2 || challenger.n() < 2) {
      return new Interval(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double v1 = variance(champion);
    double v2 = variance(challenger);
    double variance = v1 / champion.n() + v2 / challenger.n();
    double log = Math.log(1 / alpha);
    double rho2 = (2 * log + Math.log(2 * log + 1)) / tunedFor;
    double tau2 = (v1 + v2) * rho2;
    double half = Math.sqrt(2 * variance * (variance + tau2) / tau2 * (log + Math.log((variance + tau2) / variance) / 2));
    return new Interval(estimate, estimate - half, estimate + half);
  }

  /**
   * The interval of one version's mean at error {@code alpha}, tuned for {@code tunedFor} values: the same normal
   * mixture for one sample (V = s^2 / n, tau^2 = s^2 rho^2). A sample ratio mismatch check holds the challenger's
   * share of a pair's predictions (1 for each of its predictions, 0 for each of its champion's) to the share expected.
   */
  public static Interval mean(Moments m, double alpha, long tunedFor) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1): " + alpha);
    }
    double estimate = m.mean();
    if (m.n() < 2) {
      return new Interval(estimate, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }
    double v = variance(m);
    double variance = v / m.n();
    double log = Math.log(1 / alpha);
    double tau2 = v * (2 * log + Math.log(2 * log + 1)) / tunedFor;
    double half = Math.sqrt(2 * variance * (variance + tau2) / tau2 * (log + Math.log((variance + tau2) / variance) / 2));
    return new Interval(estimate, estimate - half, estimate + half);
  }

  /**
   * The values' variance; for values that have not varied yet (every prediction right so far), 1/(n + 1), one
   * success and one failure's worth on a 0/1 scale, so that the interval stays open rather than collapsing to a point.
   */
  private static double variance(Moments m) {
    double v = m.variance();
    return v > 0 ? v : 1.0 / (m.n() + 1);
  }

  /** An estimate and its interval; the bounds are infinite while a side has fewer than two values. */
  public record Interval(double estimate, double lower, double upper) {
    /** Whether the interval excludes 0: a difference is declared. */
    public boolean excludesZero() {
      return lower > 0 || upper < 0;
    }
  }
}
