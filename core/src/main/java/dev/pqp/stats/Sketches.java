package dev.pqp.stats;

import org.apache.datasketches.kll.KllDoublesSketch;

/** Checks and error terms shared by the sketch-based statistics. */
final class Sketches {

  private Sketches() {}

  /** Returns the sketch, or throws if it is null or empty: no statistic is defined on it. */
  static KllDoublesSketch requireNonEmpty(KllDoublesSketch sketch, String name) {
    if (sketch == null || sketch.isEmpty()) {
      throw new IllegalArgumentException(name + " sketch is null or empty");
    }
    return sketch;
  }

  /**
   * The sketch's single-rank error at 99% confidence ({@code getNormalizedRankError(false)}), or 0
   * while the sketch still holds every item (not in estimation mode) and its CDF is exact.
   */
  static double rankError(KllDoublesSketch sketch) {
    return sketch.isEstimationMode() ? sketch.getNormalizedRankError(false) : 0.0;
  }
}
