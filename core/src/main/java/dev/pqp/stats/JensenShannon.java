package dev.pqp.stats;

import static java.lang.Math.sqrt;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Jensen-Shannon distance {@code sqrt(JSD)}, {@code JSD = (KL(P || M) + KL(Q || M)) / 2} with
 * {@code M = (P + Q) / 2} and logarithms base 2, so the distance is in [0, 1] (1 for disjoint
 * supports) and is a metric. No epsilon is needed: {@code 0 * log 0 = 0} and M is positive wherever
 * P or Q is.
 */
public final class JensenShannon {

  private static final double LN2 = Math.log(2.0);

  private JensenShannon() {}

  /**
   * JS distance between two aligned share vectors, each summing to 1.
   *
   * @throws IllegalArgumentException on mismatched lengths or shares outside [0, 1]
   */
  public static double distance(double[] p, double[] q) {
    Shares.requireAligned(p, q);
    double jsd = 0.0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      jsd += term(p[i], m) + term(q[i], m);
    }
    return sqrt(Math.min(1.0, Math.max(0.0, jsd / 2 / LN2)));
  }

  /**
   * JS distance between two sketches over the given bins.
   *
   * <p>Error bound. Each sketch's bin shares differ from exact by {@code |d_i| <= eta_i} ({@code
   * eta_i} = twice its rank error for an interior bin, once for the two outer bins). Per bin,
   * {@code (1 - H2((1 + t) / 2)) <= t^2} gives {@code JSD(P, P^) <= sum_i d_i^2 / (2 (p_i + p^_i))},
   * maximised over {@code |d_i| <= eta_i}; the distance is a metric, so {@code |d(P^, Q^) - d(P, Q)|
   * <= d(P, P^) + d(Q, Q^)}. It is a worst case (every edge off by the full rank error); observed
   * errors are far smaller.
   *
   * @return the distance and that bound (0 for sketches not in estimation mode)
   * @throws IllegalArgumentException if either sketch is null or empty
   */
  public static Estimate of(BinEdges bins, KllDoublesSketch reference, KllDoublesSketch current) {
    Sketches.requireNonEmpty(reference, "reference");
    double[] p = bins.shares(reference);
    double[] q = bins.shares(current);
    double bound = selfDistanceBound(p, Sketches.rankError(reference))
        + selfDistanceBound(q, Sketches.rankError(current));
    return new Estimate(distance(p, q), Math.min(1.0, bound));
  }

  /** Distance of exact current bin counts against the reference sketch; only the reference side has error. */
  public static Estimate of(BinEdges bins, KllDoublesSketch reference, long[] currentCounts) {
    Sketches.requireNonEmpty(reference, "reference");
    double[] p = bins.shares(reference);
    double[] q = Shares.of(currentCounts, p.length);
    return new Estimate(distance(p, q), Math.min(1.0, selfDistanceBound(p, Sketches.rankError(reference))));
  }

  private static double term(double share, double mean) {
    return share == 0.0 ? 0.0 : share * Math.log(share / mean);
  }

  /** Upper bound on {@code d(P, P^)} for sketch shares {@code p^} whose edges are off by eps. */
  private static double selfDistanceBound(double[] estimated, double eps) {
    if (eps == 0.0) {
      return 0.0;
    }
    double jsd = 0.0;
    for (int i = 0; i < estimated.length; i++) {
      double eta = (i == 0 || i == estimated.length - 1) ? eps : 2 * eps;
      double ph = estimated[i];
      double below = Math.min(ph, eta); // true share lower by this much
      double down = below == 0.0 ? 0.0 : below * below / (2 * (2 * ph - below));
      double up = eta * eta / (2 * (2 * ph + eta));
      jsd += Math.max(down, up);
    }
    return sqrt(Math.min(1.0, jsd));
  }
}
