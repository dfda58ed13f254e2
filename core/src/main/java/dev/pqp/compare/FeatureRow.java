package dev.pqp.compare;

import dev.pqp.drift.FeatureDriftResult.Statistic;
import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.WindowProfile;
import java.util.List;

/**
 * One feature of a comparison: its values in both windows and its drift.
 *
 * @param againstCount values in the window or reference compared with, or null when it lacks the feature
 * @param againstMissingRatio as {@code missingRatio}, or null when it lacks the feature
 * @param score the primary method's score, or null when either side has no values or the window too few
 * @param statistics every statistic that applies, in the evaluator's order
 */
public record FeatureRow(
    String feature,
    String type,
    long count,
    Long againstCount,
    double missingRatio,
    Double againstMissingRatio,
    String method,
    Double score,
    double threshold,
    boolean drifted,
    List<Statistic> statistics) {

  public FeatureRow {
    statistics = List.copyOf(statistics);
  }

  static FeatureRow of(FeatureDriftResult r, WindowProfile against) {
    FeatureProfile a = against.features().get(r.featureName());
    Long count = null;
    Double missing = null;
    if (a != null) {
      // counted as the evaluator counts the window: events without the feature are missing
      long absent = Math.max(a.missing(), against.eventCount() - a.count() - a.invalid());
      long total = a.count() + absent + a.invalid();
      count = a.count();
      missing = total == 0 ? 0.0 : (double) absent / total;
    }
    return new FeatureRow(r.featureName(), r.featureType(), r.count(), count, r.missingRatio(), missing,
        r.primaryMethod(), r.driftScore(), r.threshold(), r.driftDetected(), r.statistics());
  }

  /** {@code DRIFTED}, {@code ok}, or {@code -} when there is no score. */
  public String verdict() {
    if (score == null) {
      return "-";
    }
    return drifted ? "DRIFTED" : "ok";
  }

  /** The statistic of {@code method} (a {@code DriftMethod} name), or null. */
  public Statistic statistic(String method) {
    return statistics.stream().filter(s -> s.method().equals(method)).findFirst().orElse(null);
  }
}
