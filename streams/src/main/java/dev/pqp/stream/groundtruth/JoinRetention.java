package dev.pqp.stream.groundtruth;

import java.time.Duration;

/** How {@link GroundTruthJoin}'s segmented stores are cut and how long they keep an entry. */
final class JoinRetention {
  static final long SEGMENTS_PER_MAX_DELAY = 4;

  private JoinRetention() {}

  /**
   * How long the waiting store keeps a prediction at most: until its own side passes its expiry by max-delay,
   * and a segment more, since an entry's store time is the start of its segment (up to a segment before its
   * own) and a store serves no key older than its time less its retention.
   */
  static Duration waiting(long maxDelayMs) {
    return Duration.ofMillis(2 * maxDelayMs + segment(maxDelayMs).toMillis());
  }

  /**
   * The time a segment of the stores spans: a quarter of the max delay, so that a store keeps at most two
   * segments (half the max delay) more than what waits, and a lookup over what waits is a point lookup per
   * segment: about seven, eleven when labels lag predictions by the max delay (a label's, newest first,
   * usually one).
   */
  static Duration segment(long maxDelayMs) {
    return Duration.ofMillis(Math.max(1_000L, maxDelayMs / SEGMENTS_PER_MAX_DELAY));
  }

  /** How long the early-label store keeps a label at most, by the same rule. */
  static Duration early(long maxDelayMs, long earlyWaitMs) {
    return Duration.ofMillis(maxDelayMs + earlyWaitMs + segment(maxDelayMs).toMillis());
  }
}
