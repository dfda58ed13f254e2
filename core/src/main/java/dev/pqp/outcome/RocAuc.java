package dev.pqp.outcome;

import dev.pqp.stats.Estimate;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * ROC AUC from the score sketches of actual positives and actual negatives, as the Mann-Whitney
 * statistic {@code AUC = P(S+ > S-) + 0.5 P(S+ = S-)}.
 *
 * <p>Writing {@code F-} for the negatives' CDF and {@code G(x) = (F-(x) + F-(x-)) / 2}, the statistic
 * is {@code AUC = ∫ G dF+}. Both sketches' step CDFs are constant between consecutive retained items
 * of either sketch, so the integral is a finite sum over the union of their quantile points: each
 * point's positive mass times the mid-step of the negatives' CDF there.
 *
 * <p>Error bound: let {@code e+} and {@code e-} be the sketches' normalized rank errors (KLL's rank
 * error at 99% confidence, 0 while a sketch still holds every item). Replacing the exact {@code F-} by
 * the sketch's moves {@code G} by at most {@code e-} at every point, hence the integral by at most
 * {@code e-}. Replacing the exact {@code F+} by the sketch's changes {@code ∫ G dF+} by
 * {@code |∫ (F+ - F+') dG| <= sup|F+ - F+'| * TV(G) <= e+}, since {@code G} is non-decreasing from 0
 * to 1. So {@code |AUC_sketch - AUC_exact| <= e+ + e-}, the same argument and confidence as
 * {@code dev.pqp.stats.KsDistance}. Observed errors are an order of magnitude below it.
 */
final class RocAuc {

  private RocAuc() {}

  /** The AUC and its error bound, or {@code null} when either class has no scores. */
  static Estimate of(KllDoublesSketch positives, KllDoublesSketch negatives) {
    if (positives.isEmpty() || negatives.isEmpty()) {
      return null;
    }
    DoublesSortedView a = positives.getSortedView();
    DoublesSortedView b = negatives.getSortedView();
    double[] xa = a.getQuantiles();
    double[] xb = b.getQuantiles();
    long[] wa = a.getCumulativeWeights();
    long[] wb = b.getCumulativeWeights();
    double nb2 = 2.0 * b.getN();
    double sum = 0.0;
    long cumA = 0;
    long cumB = 0;
    int i = 0;
    int j = 0;
    while (i < xa.length) {
      double x = j >= xb.length || xa[i] <= xb[j] ? xa[i] : xb[j];
      long prevA = cumA;
      long prevB = cumB;
      while (i < xa.length && xa[i] <= x) {
        cumA = wa[i++];
      }
      while (j < xb.length && xb[j] <= x) {
        cumB = wb[j++];
      }
      sum += (cumA - prevA) * ((prevB + cumB) / nb2);
    }
    double auc = sum / a.getN();
    return new Estimate(auc, rankError(positives) + rankError(negatives));
  }

  private static double rankError(KllDoublesSketch s) {
    return s.isEstimationMode() ? s.getNormalizedRankError(false) : 0.0;
  }
}
