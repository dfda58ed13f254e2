package dev.pqp.config;

import java.time.Duration;

/**
 * The ground-truth join and the performance figures it feeds.
 *
 * @param maxDelay how long a prediction waits for its label; also how long a window's performance is kept
 * @param earlyWait how long a label that arrived before its prediction waits for it
 * @param sampleRate share of prediction ids joined, in (0, 1], chosen by a stable hash of the id
 * @param copartitioned both topics are keyed by prediction_id with equal partition counts: no repartition
 * @param emitInterval at most one performance record per window with new labels per interval
 * @param minLabels labels a window needs before the gauges show it
 */
public record GroundTruthSettings(boolean enabled, Duration maxDelay, Duration earlyWait, double sampleRate, boolean copartitioned,
    Duration emitInterval, int minLabels) {

  /** The defaults: off, 7 d, 1 h, every id, repartitioned, 30 s, 100 labels. */
  public static final GroundTruthSettings DEFAULT =
      new GroundTruthSettings(false, Duration.ofDays(7), Duration.ofHours(1), 1.0, false, Duration.ofSeconds(30), 100);

  static GroundTruthSettings from(Settings s) {
    String rateKey = ConfigKey.GROUND_TRUTH_SAMPLE_RATE.key();
    double rate = s.doubleIn(rateKey, DEFAULT.sampleRate(), 0, 1);
    if (rate == 0) {
      throw ConfigException.invalid(rateKey, "0", "expected a number above 0 and at most 1 (1 joins every prediction)");
    }
    return new GroundTruthSettings(
        s.bool(ConfigKey.GROUND_TRUTH_ENABLED.key(), DEFAULT.enabled()),
        s.duration(ConfigKey.GROUND_TRUTH_MAX_DELAY.key(), DEFAULT.maxDelay(), Duration.ofSeconds(1)),
        s.duration(ConfigKey.GROUND_TRUTH_EARLY_WAIT.key(), DEFAULT.earlyWait(), Duration.ZERO),
        rate,
        s.bool(ConfigKey.GROUND_TRUTH_COPARTITIONED.key(), DEFAULT.copartitioned()),
        s.duration(ConfigKey.PERFORMANCE_EMIT_INTERVAL.key(), DEFAULT.emitInterval(), Duration.ofMillis(100)),
        s.intIn(ConfigKey.PERFORMANCE_MIN_LABELS.key(), DEFAULT.minLabels(), 1, Integer.MAX_VALUE));
  }
}
