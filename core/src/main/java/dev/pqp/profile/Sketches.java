package dev.pqp.profile;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/** KLL helpers shared by the profiles, so the copy idiom and the empty-sketch NaN live in one place. */
final class Sketches {
  private Sketches() {}

  /** An exact deep copy; a byte round trip is the one KLL offers. Per merge, never per event. */
  static KllDoublesSketch copy(KllDoublesSketch s) {
    return KllDoublesSketch.heapify(Memory.wrap(s.toByteArray()));
  }

  /** The quantile at {@code rank}, or NaN for an empty sketch (which would throw). */
  static double quantile(KllDoublesSketch s, double rank) {
    return s.isEmpty() ? Double.NaN : s.getQuantile(rank);
  }
}
