package dev.pqp.stats;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * Both sketches' step CDFs {@code F(x) = weight of retained items <= x / n}, evaluated at every
 * distinct retained item of either sketch. Between two consecutive points both CDFs are constant,
 * so the sup and the integral of {@code |F_ref - F_cur|} over these points are exact for the
 * distributions the sketches represent.
 *
 * @param points distinct retained items of both sketches, ascending
 * @param reference the reference CDF at each point
 * @param current the current CDF at each point
 */
record StepCdfs(double[] points, double[] reference, double[] current) {

  static StepCdfs of(KllDoublesSketch reference, KllDoublesSketch current) {
    DoublesSortedView a = Sketches.requireNonEmpty(reference, "reference").getSortedView();
    DoublesSortedView b = Sketches.requireNonEmpty(current, "current").getSortedView();
    double[] xa = a.getQuantiles();
    double[] xb = b.getQuantiles();
    long[] wa = a.getCumulativeWeights();
    long[] wb = b.getCumulativeWeights();
    double na = a.getN();
    double nb = b.getN();
    int size = xa.length + xb.length;
    double[] points = new double[size];
    double[] fa = new double[size];
    double[] fb = new double[size];
    int i = 0;
    int j = 0;
    int k = 0;
    long cumA = 0;
    long cumB = 0;
    while (i < xa.length || j < xb.length) {
      double x = j >= xb.length || (i < xa.length && xa[i] <= xb[j]) ? xa[i] : xb[j];
      while (i < xa.length && xa[i] <= x) {
        cumA = wa[i++];
      }
      while (j < xb.length && xb[j] <= x) {
        cumB = wb[j++];
      }
      points[k] = x;
      fa[k] = cumA / na;
      fb[k] = cumB / nb;
      k++;
    }
    return new StepCdfs(
        Arrays.copyOf(points, k), Arrays.copyOf(fa, k), Arrays.copyOf(fb, k));
  }
}
