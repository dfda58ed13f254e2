package dev.pqp.stats;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Wasserstein-1 (earth mover's) distance {@code W1 = integral |F_ref(x) - F_cur(x)| dx}, the mean
 * distance that mass must travel to turn one distribution into the other; in the feature's units,
 * or in reference standard deviations when normalised (a pure mean shift of {@code d} sigma gives
 * {@code d}).
 *
 * <p>Computed exactly on the sketches' step CDFs: between consecutive retained items both CDFs are
 * constant, so the integral is a finite sum.
 *
 * <p>Error bound. Where the KLL guarantee holds, {@code |F^_s(x) - F_s(x)| <= eps_s} for every x.
 * A KLL sketch keeps its exact minimum and maximum, so its CDF is exact (0 or 1) outside
 * {@code [min_s, max_s]}. By the triangle inequality {@code | |F^_r - F^_c| - |F_r - F_c| | <=
 * |F^_r - F_r| + |F^_c - F_c|}, and integrating gives
 *
 * <pre>{@code |W1^ - W1| <= eps_r * (max_r - min_r) + eps_c * (max_c - min_c)}</pre>
 *
 * divided by the reference std when normalised. The bound is attained only by adversarial rank
 * errors of full size across the whole range; KLL's errors are mostly far smaller and change sign,
 * so the observed error is typically one to two orders of magnitude below it (see the accuracy
 * test), and the bound grows with the range, which is large for heavy tails.
 */
public final class Wasserstein {

  private Wasserstein() {}

  /**
   * W1 in the feature's units.
   *
   * @return the distance and its error bound (see the class comment)
   * @throws IllegalArgumentException if either sketch is null or empty
   */
  public static Estimate distance(KllDoublesSketch reference, KllDoublesSketch current) {
    StepCdfs cdfs = StepCdfs.of(reference, current);
    double[] x = cdfs.points();
    double[] fr = cdfs.reference();
    double[] fc = cdfs.current();
    double area = 0.0;
    for (int k = 0; k + 1 < x.length; k++) {
      area += Math.abs(fr[k] - fc[k]) * (x[k + 1] - x[k]);
    }
    double bound = rangeError(reference) + rangeError(current);
    return new Estimate(area, bound);
  }

  /**
   * W1 divided by the reference's standard deviation, which the caller knows exactly from the
   * reference moments.
   *
   * @param referenceStd the reference standard deviation, finite and {@code > 0}
   * @return the normalised distance and its normalised error bound
   * @throws IllegalArgumentException if a sketch is empty or the std is not positive
   */
  public static Estimate normalized(
      KllDoublesSketch reference, KllDoublesSketch current, double referenceStd) {
    if (!(referenceStd > 0) || Double.isInfinite(referenceStd)) {
      throw new IllegalArgumentException("reference std must be finite and > 0, was " + referenceStd);
    }
    Estimate raw = distance(reference, current);
    return new Estimate(raw.value() / referenceStd, raw.errorBound() / referenceStd);
  }

  private static double rangeError(KllDoublesSketch sketch) {
    return Sketches.rankError(sketch) * (sketch.getMaxItem() - sketch.getMinItem());
  }
}
