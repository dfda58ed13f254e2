package dev.pqp.stream.groundtruth;

import java.nio.charset.StandardCharsets;

/**
 * The deterministic sample of prediction ids joined with their labels: an id is in the sample when a fixed
 * 64-bit hash of its UTF-8 bytes (FNV-1a, then the SplitMix64 finalizer, no seed) falls below
 * {@code rate}. Every instance, every restart and every release decides the same for the same id, on the
 * prediction and on the label side alike.
 */
final class IdSample {
  private final double rate;

  IdSample(double rate) {
    if (!(rate > 0 && rate <= 1)) {
      throw new IllegalArgumentException("sample rate " + rate + " is not in (0, 1]");
    }
    this.rate = rate;
  }

  boolean contains(String predictionId) {
    return rate >= 1.0 || unit(predictionId) < rate;
  }

  double rate() {
    return rate;
  }

  /** The hash of an id as a number in [0, 1). */
  static double unit(String id) {
    return (hash(id) >>> 11) * 0x1.0p-53;
  }

  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }
}
