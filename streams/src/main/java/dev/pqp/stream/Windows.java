package dev.pqp.stream;

import java.time.Duration;

/** Tumbling event-time windows aligned to the epoch, with a grace period for late events. */
public record Windows(long sizeMs, long graceMs) {
  public static Windows of(Duration size, Duration grace) {
    return new Windows(size.toMillis(), grace.toMillis());
  }

  public long start(long timestampMs) {
    return timestampMs - Math.floorMod(timestampMs, sizeMs);
  }

  public long end(long start) {
    return start + sizeMs;
  }

  /** True once stream time is past the window's end plus grace: the window is closed. */
  public boolean closed(long start, long streamTimeMs) {
    return streamTimeMs >= start + sizeMs + graceMs;
  }
}
