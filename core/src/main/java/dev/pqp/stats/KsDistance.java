package dev.pqp.stats;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Two-sample Kolmogorov-Smirnov distance {@code D = sup_x |F_ref(x) - F_cur(x)|}, in [0, 1].
 *
 * <p>Computed on the sketches' step CDFs at the union of their retained items, where the sup of two
 * step functions is attained. DataSketches' {@code KolmogorovSmirnov.computeKSDelta} accepts
 * {@code KllDoublesSketch} in 6.2.0 but pairs the cumulative weight of one sketch's item with that
 * of the other sketch's next item rather than evaluating both CDFs at the same point, which can
 * differ from the sup by one retained item's weight; hence this walk.
 */
public final class KsDistance {

  private KsDistance() {}

  /**
   * The KS distance between the distributions the sketches summarise.
   *
   * @return the distance and its error bound, the sum of both sketches' normalized rank errors
   *     ({@code getNormalizedRankError(false)}, 0 for a sketch not yet in estimation mode): each
   *     sketch CDF is within its error of the exact one, so the sup moves by at most their sum
   * @throws IllegalArgumentException if either sketch is null or empty
   */
  public static Estimate of(KllDoublesSketch reference, KllDoublesSketch current) {
    StepCdfs cdfs = StepCdfs.of(reference, current);
    double d = 0.0;
    for (int k = 0; k < cdfs.points().length; k++) {
      d = Math.max(d, Math.abs(cdfs.reference()[k] - cdfs.current()[k]));
    }
    return new Estimate(d, Sketches.rankError(reference) + Sketches.rankError(current));
  }
}
