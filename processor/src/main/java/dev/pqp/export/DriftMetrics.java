package dev.pqp.export;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.drift.WindowResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Map;

/**
 * Publishes the latest finalized window of each model version as gauges with the names common drift
 * rules and dashboards expect: {@code ml_data_drift_score}, {@code ml_data_drift_detected},
 * {@code ml_data_drift_statistic{method}}, {@code ml_feature_missing_ratio},
 * {@code ml_feature_out_of_range_ratio}, {@code ml_feature_mean}, {@code ml_feature_stddev},
 * {@code ml_feature_quantile{quantile}}, {@code ml_dataset_drift_share} and {@code ml_reference_info}.
 *
 * <p>Gauges belong to the stream task that owns the model version: {@link #release} removes them when
 * the task closes (its key moved to another instance), and {@link #expire} removes versions not updated
 * for a while, so N instances behind one Prometheus never show a stale or doubled value.
 */
public final class DriftMetrics {
  private final GaugeTable gauges;
  private final Ownership ownership = new Ownership();
  private final Map<String, WindowResult> latest = new java.util.TreeMap<>();

  public DriftMetrics(MeterRegistry registry) {
    this.gauges = new GaugeTable(registry);
  }

  public synchronized void update(WindowResult w, String owner, long nowMs) {
    String group = w.modelName() + "/" + w.modelVersion();
    Tags version = Tags.of("model_name", w.modelName(), "model_version", w.modelVersion());
    gauges.touch(group);
    for (FeatureDriftResult f : w.features()) {
      Tags t = version.and("feature_name", f.featureName());
      if (f.driftScore() != null) {
        gauges.set(group, "ml.data.drift.score", "Primary drift score of the latest window", t, f.driftScore());
        gauges.set(group, "ml.data.drift.detected", "1 if the latest window drifted", t, f.driftDetected() ? 1 : 0);
      }
      for (FeatureDriftResult.Statistic s : f.statistics()) {
        gauges.set(group, "ml.data.drift.statistic", "Every drift statistic of the latest window",
            t.and("method", s.method().toLowerCase(java.util.Locale.ROOT)), s.value());
      }
      gauges.set(group, "ml.feature.missing.ratio", "Share of events with the feature missing", t, f.missingRatio());
      gauges.set(group, "ml.feature.out.of.range.ratio", "Share of values outside the reference range", t,
          f.outOfRangeRatio());
      if (f.mean() != null) {
        gauges.set(group, "ml.feature.mean", "Mean of the feature in the latest window", t, f.mean());
        gauges.set(group, "ml.feature.stddev", "Standard deviation of the feature in the latest window", t, f.stddev());
      }
      f.quantiles().forEach((q, v) -> gauges.set(group, "ml.feature.quantile", "Quantiles of the feature",
          t.and("quantile", Double.toString(q)), v));
    }
    gauges.set(group, "ml.dataset.drift.share", "Share of features that drifted in the latest window", version,
        w.datasetDrift().share());
    // a score the latest window could not compute, or a feature it did not see, must not show an older value
    gauges.removeUntouched(group, "ml.reference.info");
    latest.put(group, w);
    ownership.updated(group, owner, nowMs);
  }

  /** The latest finalized window of every model version this instance owns, by model/version. */
  public synchronized java.util.List<WindowResult> latest() {
    return java.util.List.copyOf(latest.values());
  }

  /** Publishes which reference a version is measured against; one series per version. */
  public synchronized void reference(String model, String version, String kind, String id) {
    String group = model + "/" + version;
    Tags t = Tags.of("model_name", model, "model_version", version, "reference_kind", kind, "reference_id",
        id == null ? "" : id);
    gauges.retainOnly(group, "ml.reference.info", t);
    gauges.set(group, "ml.reference.info", "The reference a version is compared with", t, 1);
  }

  /** Removes every gauge of the versions owned by {@code owner} (a task that was closed or migrated). */
  public synchronized void release(String owner) {
    ownership.release(owner).forEach(this::remove);
  }

  /** Removes versions whose latest window is older than {@code staleMs}. */
  public synchronized void expire(long nowMs, long staleMs) {
    ownership.expire(nowMs, staleMs).forEach(this::remove);
  }

  private void remove(String group) {
    gauges.removeGroup(group);
    latest.remove(group);
  }
}
