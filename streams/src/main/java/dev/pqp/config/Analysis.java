package dev.pqp.config;

import dev.pqp.action.AccuracyDropRule;
import dev.pqp.action.RetrainingRule;
import dev.pqp.drift.DriftSettings;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.stats.DriftMethod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How pqp profiles and judges windows.
 *
 * @param autoWindows complete windows that form a version's automatic reference when it has no training one
 * @param idleFlush wall-clock time without input after which ended windows are closed anyway
 * @param staleAfter how long a version's gauges stay without a new finalized window
 * @param profileRetention how long stage 2 keeps finalized window profiles
 * @param forgetAfter event time without an event after which stage 1 and 2 forget a version
 * @param comparisons per model, challenger version to the version it is compared with
 * @param groundTruth the ground-truth join and the performance it feeds
 * @param retraining when a version's windows open and clear a retraining_recommended episode
 * @param compareAlpha the error of the always-valid comparisons of {@code comparisons}
 * @param expectedShares per model, challenger version to the share of the pair's predictions it is expected to get
 *     ({@code compare.versions} entries ending {@code @share}): the sample ratio mismatch check's
 * @param lowerIsBetter the business outcomes whose lower rate is better ({@code compare.lower-is-better})
 * @param accuracyDrop when a version's sealed windows open and clear an accuracy_drop (estimated_accuracy_drop) episode
 */
public record Analysis(DriftSettings drift, ProfileConfig profile, int autoWindows, Duration idleFlush, Duration staleAfter,
    Duration profileRetention, Duration forgetAfter, Map<String, Map<String, String>> comparisons, GroundTruthSettings groundTruth,
    RetrainingRule retraining, double compareAlpha, Map<String, Map<String, Double>> expectedShares,
    java.util.Set<String> lowerIsBetter, AccuracyDropRule accuracyDrop) {

  public Analysis {
    comparisons = Map.copyOf(comparisons);
    expectedShares = Map.copyOf(expectedShares);
    lowerIsBetter = java.util.Set.copyOf(lowerIsBetter);
  }

  static Analysis from(Settings s, Limits limits) {
    DriftMethod numeric = s.oneOf(ConfigKey.DRIFT_NUMERIC_METHOD.key(), DriftMethod.PSI, DriftMethod.class);
    DriftMethod categorical = s.oneOf(ConfigKey.DRIFT_CATEGORICAL_METHOD.key(), DriftMethod.PSI, DriftMethod.class);
    if (!numeric.appliesTo(DriftMethod.FeatureType.NUMERIC)) {
      throw new ConfigException("setting 'drift.numeric-method' = '" + numeric + "' does not apply to numeric features: use psi, ks, wasserstein or jensen-shannon");
    }
    if (!categorical.appliesTo(DriftMethod.FeatureType.CATEGORICAL)) {
      throw new ConfigException("setting 'drift.categorical-method' = '" + categorical + "' does not apply to categorical features: use psi, jensen-shannon, l-infinity or chi-square");
    }
    DriftSettings drift = new DriftSettings(numeric, categorical,
        s.doubleIn(ConfigKey.DRIFT_THRESHOLD.key(), Double.NaN, 0, 1e6),
        featureThresholds(s.string(ConfigKey.DRIFT_FEATURE_THRESHOLDS.key(), "")),
        s.intIn(ConfigKey.DRIFT_BINS.key(), 10, 2, 1000),
        s.intIn(ConfigKey.DRIFT_MIN_COUNT.key(), 100, 0, Integer.MAX_VALUE),
        s.doubleIn(ConfigKey.DRIFT_DATASET_SHARE.key(), 0.5, 0, 1),
        s.intIn(ConfigKey.DRIFT_TOP_CATEGORIES.key(), 20, 1, 100_000),
        s.doubleIn(ConfigKey.DRIFT_FALSE_ALARM_RATE.key(), DriftSettings.DEFAULT_FALSE_ALARM_RATE, 0, 0.5),
        s.doubleIn(ConfigKey.DRIFT_FDR.key(), DriftSettings.DEFAULT_FDR, 1e-6, 1));
    ProfileConfig profile = new ProfileConfig(
        s.intIn(ConfigKey.PROFILE_KLL_K.key(), 200, 8, 65_535),
        s.intIn(ConfigKey.PROFILE_CATEGORY_CAP.key(), 1000, 1, 1_000_000),
        ProfileConfig.DEFAULT.frequentItemsMapSize(),
        limits.maxFeaturesPerModel());
    String compared = s.string(ConfigKey.COMPARE_VERSIONS.key(), "");
    return new Analysis(drift, profile,
        s.intIn(ConfigKey.REFERENCE_AUTO_WINDOWS.key(), 3, 1, 1000),
        s.duration(ConfigKey.WINDOW_IDLE_FLUSH.key(), Duration.ofSeconds(30), Duration.ofSeconds(1)),
        s.duration(ConfigKey.METRICS_STALE_AFTER.key(), Duration.ofHours(1), Duration.ofSeconds(10)),
        s.duration(ConfigKey.PROFILES_RETENTION.key(), Duration.ofHours(25), Duration.ZERO),
        s.duration(ConfigKey.VERSIONS_FORGET_AFTER.key(), Duration.ofDays(7), Duration.ofHours(1)),
        comparisons(compared),
        GroundTruthSettings.from(s),
        new RetrainingRule(s.doubleIn(ConfigKey.ACTIONS_RETRAINING_DRIFT_SHARE.key(), RetrainingRule.DEFAULT.driftShare(),
            1e-9, 1), s.intIn(ConfigKey.ACTIONS_RETRAINING_WINDOWS.key(), RetrainingRule.DEFAULT.windows(), 1, 10_000)),
        s.doubleIn(ConfigKey.COMPARE_ALPHA.key(), 0.05, 1e-9, 0.5), expectedShares(compared),
        names(s.string(ConfigKey.COMPARE_LOWER_IS_BETTER.key(), "")), accuracyDrop(s));
  }

  private static AccuracyDropRule accuracyDrop(Settings s) {
    AccuracyDropRule d = AccuracyDropRule.DEFAULT;
    return new AccuracyDropRule(s.doubleIn(ConfigKey.ACTIONS_ACCURACY_DROP_THRESHOLD.key(), d.drop(), 1e-9, 1),
        s.intIn(ConfigKey.ACTIONS_ACCURACY_DROP_WINDOWS.key(), d.windows(), 1, 10_000),
        s.duration(ConfigKey.ACTIONS_ACCURACY_DROP_BASELINE.key(), Duration.ofMillis(d.baselineMs()), Duration.ofSeconds(1))
            .toMillis(), false);
  }

  private static java.util.Set<String> names(String spec) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String n : spec.split(",")) {
      if (!n.isBlank()) {
        out.add(n.trim());
      }
    }
    return out;
  }

  /** {@code model:challenger=champion[@share][,...]} to model → challenger → champion. */
  static Map<String, Map<String, String>> comparisons(String spec) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      String p = withoutShare(part.trim());
      int colon = p.lastIndexOf(':');
      int eq = p.indexOf('=', colon + 1);
      if (colon <= 0 || eq < 0 || eq == colon + 1 || eq == p.length() - 1) {
        throw ConfigException.invalid(ConfigKey.COMPARE_VERSIONS.key(), spec,
            "expected model:version=other-version[,model:version=other-version...]");
      }
      out.computeIfAbsent(p.substring(0, colon), m -> new LinkedHashMap<>())
          .put(p.substring(colon + 1, eq), p.substring(eq + 1));
    }
    out.replaceAll((m, v) -> Map.copyOf(v));
    return out;
  }

  private static String withoutShare(String entry) {
    int at = entry.lastIndexOf('@');
    return at > entry.lastIndexOf('=') ? entry.substring(0, at) : entry;
  }

  /** The {@code @share} of the entries of {@code compare.versions} that give one: model → challenger → share. */
  static Map<String, Map<String, Double>> expectedShares(String spec) {
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      String p = part.trim();
      int at = p.lastIndexOf('@');
      if (at <= p.lastIndexOf('=')) {
        continue;
      }
      double share;
      try {
        share = Double.parseDouble(p.substring(at + 1));
      } catch (NumberFormatException e) {
        share = Double.NaN;
      }
      if (!(share > 0 && share < 1)) {
        throw ConfigException.invalid(ConfigKey.COMPARE_VERSIONS.key(), spec, "the expected share after '@' in '" + p
            + "' must be a number between 0 and 1 (exclusive): the challenger's share of the pair's predictions");
      }
      String q = p.substring(0, at);
      int colon = q.lastIndexOf(':');
      out.computeIfAbsent(q.substring(0, colon), m -> new LinkedHashMap<>()).put(q.substring(colon + 1, q.indexOf('=', colon)), share);
    }
    out.replaceAll((m, v) -> Map.copyOf(v));
    return out;
  }

  private static Map<String, Double> featureThresholds(String spec) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      try {
        out.put(kv[0].trim(), Double.parseDouble(kv[1].trim()));
      } catch (RuntimeException e) {
        throw ConfigException.invalid(ConfigKey.DRIFT_FEATURE_THRESHOLDS.key(), spec, "expected feature=number[,feature=number...]");
      }
    }
    return out;
  }
}
