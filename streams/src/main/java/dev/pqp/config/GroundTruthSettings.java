package dev.pqp.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ground-truth join and the performance figures it feeds.
 *
 * @param enabled whether the join runs; with {@code auto}, true here and decided at start-up by whether the
 *     ground-truth topic exists ({@link #auto})
 * @param auto {@code ground-truth.enabled=auto}, the default
 * @param maxDelay how long a prediction waits for its label; also how long a window's performance is kept
 * @param earlyWait how long a label that arrived before its prediction waits for it
 * @param sampleRate share of prediction ids joined, in (0, 1], chosen by a stable hash of the id
 * @param copartitioning whether both topics are keyed by prediction_id with equal partition counts, so that the
 *     join skips the repartition: {@link Copartitioning#AUTO} (the default) until start-up checks the topics
 * @param emitInterval at most one performance record per window with new labels per interval
 * @param minLabels labels a window needs before the gauges show it
 * @param positiveLabels true labels of a binary model's positive class (compared case-insensitively)
 * @param horizons rolling horizons of prediction time reported besides the latest window, ascending
 * @param estimateMinLabels labels each used score bucket needs before a window's performance is estimated
 */
public record GroundTruthSettings(boolean enabled, boolean auto, Duration maxDelay, Duration earlyWait, double sampleRate, Copartitioning copartitioning,
    Duration emitInterval, int minLabels, Set<String> positiveLabels, List<Duration> horizons, int estimateMinLabels) {

  /** The defaults: auto, 7 d, 1 h, every id, co-partitioning checked, 30 s, 100 labels, "1"/"true", 1 h and 24 h, 30. */
  public static final GroundTruthSettings DEFAULT = new GroundTruthSettings(true, true, Duration.ofDays(7), Duration.ofHours(1), 1.0,
      Copartitioning.AUTO, Duration.ofSeconds(30), 100, Set.of("1", "true"), List.of(Duration.ofHours(1), Duration.ofHours(24)), 30);

  /** {@code ground-truth.copartitioned}: auto, true or false. */
  public enum Copartitioning {
    /** Checked at start-up: the topics' partition counts and the keys and partitions of their latest records. */
    AUTO,
    /** Told so: the partition counts are still checked at start-up. */
    YES,
    /** Repartitioned by prediction_id. */
    NO
  }

  public GroundTruthSettings {
    positiveLabels = Set.copyOf(positiveLabels);
    horizons = List.copyOf(horizons);
  }

  static GroundTruthSettings from(Settings s) {
    String rateKey = ConfigKey.GROUND_TRUTH_SAMPLE_RATE.key();
    double rate = s.doubleIn(rateKey, DEFAULT.sampleRate(), 0, 1);
    if (rate == 0) {
      throw ConfigException.invalid(rateKey, "0", "expected a number above 0 and at most 1 (1 joins every prediction)");
    }
    String enabledKey = ConfigKey.GROUND_TRUTH_ENABLED.key();
    String given = s.string(enabledKey, "");
    boolean auto = given.isBlank() || "auto".equalsIgnoreCase(given.trim());
    boolean enabled = auto || switch (given.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw ConfigException.invalid(enabledKey, given, "expected auto, true or false");
    };
    return new GroundTruthSettings(enabled, auto,
        s.duration(ConfigKey.GROUND_TRUTH_MAX_DELAY.key(), DEFAULT.maxDelay(), Duration.ofSeconds(1)),
        s.duration(ConfigKey.GROUND_TRUTH_EARLY_WAIT.key(), DEFAULT.earlyWait(), Duration.ZERO),
        rate,
        copartitioning(s.string(ConfigKey.GROUND_TRUTH_COPARTITIONED.key(), "")),
        s.duration(ConfigKey.PERFORMANCE_EMIT_INTERVAL.key(), DEFAULT.emitInterval(), Duration.ofMillis(100)),
        s.intIn(ConfigKey.PERFORMANCE_MIN_LABELS.key(), DEFAULT.minLabels(), 1, Integer.MAX_VALUE),
        positiveLabels(s.string(ConfigKey.GROUND_TRUTH_POSITIVE_LABEL.key(), "")),
        horizons(s.string(ConfigKey.PERFORMANCE_HORIZONS.key(), "")),
        s.intIn(ConfigKey.PERFORMANCE_ESTIMATE_MIN_LABELS.key(), DEFAULT.estimateMinLabels(), 1, Integer.MAX_VALUE));
  }

  /** These settings with the join on or off, decided: no longer {@code auto}. */
  public GroundTruthSettings decided(boolean on) {
    return new GroundTruthSettings(on, false, maxDelay, earlyWait, sampleRate, copartitioning, emitInterval, minLabels,
        positiveLabels, horizons, estimateMinLabels);
  }

  /** These settings with co-partitioning decided: no longer {@link Copartitioning#AUTO}. */
  public GroundTruthSettings copartitioned(boolean yes) {
    return new GroundTruthSettings(enabled, auto, maxDelay, earlyWait, sampleRate, yes ? Copartitioning.YES : Copartitioning.NO,
        emitInterval, minLabels, positiveLabels, horizons, estimateMinLabels);
  }

  /** Whether the join reads both topics as they are, without repartitioning them: decided at start-up when auto. */
  public boolean copartitioned() {
    return copartitioning == Copartitioning.YES;
  }

  private static Copartitioning copartitioning(String given) {
    return switch (given.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "", "auto" -> Copartitioning.AUTO;
      case "true", "yes", "on", "1" -> Copartitioning.YES;
      case "false", "no", "off", "0" -> Copartitioning.NO;
      default -> throw ConfigException.invalid(ConfigKey.GROUND_TRUTH_COPARTITIONED.key(), given, "expected auto, true or false");
    };
  }

  private static Set<String> positiveLabels(String spec) {
    if (spec.isBlank()) {
      return DEFAULT.positiveLabels();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String part : spec.split(",")) {
      if (part.isBlank()) {
        throw ConfigException.invalid(ConfigKey.GROUND_TRUTH_POSITIVE_LABEL.key(), spec,
            "expected label[,label...] without empty labels");
      }
      out.add(part.trim());
    }
    return out;
  }

  private static List<Duration> horizons(String spec) {
    if (spec.isBlank()) {
      return DEFAULT.horizons();
    }
    String key = ConfigKey.PERFORMANCE_HORIZONS.key();
    List<Duration> out = new ArrayList<>();
    for (String part : spec.split(",")) {
      Duration d = DurationFormat.parse(key, part.trim());
      if (d.compareTo(Duration.ofMinutes(1)) < 0 || out.contains(d)) {
        throw ConfigException.invalid(key, spec, "expected distinct durations of at least 1m, e.g. 1h,24h");
      }
      out.add(d);
    }
    out.sort(null);
    return out;
  }
}
