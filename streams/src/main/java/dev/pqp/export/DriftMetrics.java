package dev.pqp.export;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.drift.WindowResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Publishes the latest finalized window of each model version as gauges with the names common drift
 * rules and dashboards expect: {@code ml_data_drift_score}, {@code ml_data_drift_detected} (and
 * {@code _unadjusted}), {@code ml_data_drift_threshold}, {@code ml_data_drift_p_value},
 * {@code ml_data_drift_statistic{method}}, {@code ml_feature_missing_ratio},
 * {@code ml_feature_out_of_range_ratio}, {@code ml_feature_mean}, {@code ml_feature_stddev},
 * {@code ml_feature_quantile{quantile}}, {@code ml_dataset_drift_share} and {@code ml_reference_info}.
 *
 * <p>Gauges belong to the stream task that owns the model version: {@link #release} removes them when
 * the task closes (its key moved to another instance), and {@link #expire} removes versions not updated
 * for a while, so N instances behind one Prometheus never show a stale or doubled value.
 */
public final class DriftMetrics extends OwnedGauges {
  public static final String SCORE = "ml.data.drift.score";
  public static final String DETECTED = "ml.data.drift.detected";
  public static final String DETECTED_UNADJUSTED = "ml.data.drift.detected.unadjusted";
  public static final String P_VALUE = "ml.data.drift.p.value";
  public static final String EFFECTIVE_THRESHOLD = "ml.data.drift.threshold";
  public static final String STATISTIC = "ml.data.drift.statistic";
  public static final String MISSING_RATIO = "ml.feature.missing.ratio";
  public static final String OUT_OF_RANGE_RATIO = "ml.feature.out.of.range.ratio";
  public static final String MEAN = "ml.feature.mean";
  public static final String STDDEV = "ml.feature.stddev";
  public static final String QUANTILE = "ml.feature.quantile";
  public static final String DATASET_SHARE = "ml.dataset.drift.share";
  public static final String REFERENCE_INFO = "ml.reference.info";

  /** Logs the changes of each version's drift from one window to the next. */
  private final DriftLog log = new DriftLog();

  /** Unbound: call {@link #bindTo} before the first update. */
  public DriftMetrics() {}

  /** Bound to {@code registry} at once. */
  public DriftMetrics(MeterRegistry registry) {
    bindTo(registry);
  }

  public synchronized void update(WindowResult w, String owner, long nowMs) {
    log.window(w);
    String group = w.modelName() + "/" + w.modelVersion();
    Tags version = Tags.of("model_name", w.modelName(), "model_version", w.modelVersion());
    gauges.touch(group);
    for (FeatureDriftResult f : w.features()) {
      Tags t = version.and("feature_name", f.featureName());
      if (f.driftScore() != null) {
        gauges.set(group, SCORE, "Primary drift score of the latest window", t, f.driftScore());
        gauges.set(group, DETECTED, "1 if the latest window drifted: the score reached its threshold at the window's"
            + " size and is a discovery at drift.fdr across the version's features", t, f.driftDetected() ? 1 : 0);
        gauges.set(group, DETECTED_UNADJUSTED, "1 if the score of the latest window reached its threshold at the window's"
            + " size, before the false-discovery control across features", t, f.driftDetectedUnadjusted() ? 1 : 0);
      }
      if (f.effectiveThreshold() != null) {
        gauges.set(group, EFFECTIVE_THRESHOLD, "The threshold the latest score was held to: the larger of the method's"
            + " and the score's noise at the window's size (drift.false-alarm-rate)", t, f.effectiveThreshold());
      }
      if (f.pValue() != null) {
        gauges.set(group, P_VALUE, "Estimated probability of a score this high on a window of the same size drawn from"
            + " the reference", t, f.pValue());
      }
      for (FeatureDriftResult.Statistic s : f.statistics()) {
        gauges.set(group, STATISTIC, "Every drift statistic of the latest window",
            t.and("method", s.method().toLowerCase(java.util.Locale.ROOT)), s.value());
      }
      gauges.set(group, MISSING_RATIO, "Share of events with the feature missing", t, f.missingRatio());
      gauges.set(group, OUT_OF_RANGE_RATIO, "Share of values outside the reference range", t,
          f.outOfRangeRatio());
      if (f.mean() != null) {
        gauges.set(group, MEAN, "Mean of the feature in the latest window", t, f.mean());
        gauges.set(group, STDDEV, "Standard deviation of the feature in the latest window", t, f.stddev());
      }
      f.quantiles().forEach((q, v) -> gauges.set(group, QUANTILE, "Quantiles of the feature",
          t.and("quantile", Double.toString(q)), v));
    }
    gauges.set(group, DATASET_SHARE, "Share of features that drifted in the latest window", version,
        w.datasetDrift().share());
    // a score the latest window could not compute, or a feature it did not see, must not show an older value
    gauges.removeUntouched(group, REFERENCE_INFO);
    ownership.updated(group, owner, nowMs);
  }

  /** Publishes which reference a version is measured against; one series per version. */
  public synchronized void reference(String model, String version, String kind, String id) {
    String group = model + "/" + version;
    Tags t = Tags.of("model_name", model, "model_version", version, "reference_kind", kind, "reference_id",
        id == null ? "" : id);
    gauges.retainOnly(group, REFERENCE_INFO, t);
    gauges.set(group, REFERENCE_INFO, "The reference a version is compared with", t, 1);
  }
}
