package dev.pqp.topology;

import java.time.Duration;

/** Tumbling event-time windows aligned to the epoch, with a grace period for late events. */
record Windows(long sizeMs, long graceMs) {
  static Windows of(Duration size, Duration grace) {
    return new Windows(size.toMillis(), grace.toMillis());
  }

  long start(long timestampMs) {
    return timestampMs - Math.floorMod(timestampMs, sizeMs);
  }

  long end(long start) {
    return start + sizeMs;
  }

  /** True once stream time is past the window's end plus grace: the window is closed. */
  boolean closed(long start, long streamTimeMs) {
    return streamTimeMs >= start + sizeMs + graceMs;
  }
}
