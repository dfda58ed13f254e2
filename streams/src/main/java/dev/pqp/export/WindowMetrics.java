package dev.pqp.export;

import dev.pqp.profile.PredictionMix;
import dev.pqp.window.PredictionDrift;
import dev.pqp.window.VersionTotals;
import dev.pqp.window.WindowOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-window outputs of each owned model version besides feature drift: the prediction mix
 * ({@code ml_prediction_class_ratio{class}}, {@code ml_prediction_positive_rate},
 * {@code ml_prediction_class_probability{class}}, {@code ml_prediction_value_quantile{quantile}}), its drift
 * ({@code ml_prediction_drift_score{baseline}}, the primary statistic: score PSI, else class PSI; every
 * statistic in {@code ml_prediction_drift_statistic{baseline, target, method}}), event lag
 * ({@code ml_event_lag_seconds{quantile}}), freshness ({@code ml_data_freshness_seconds}: seconds since the
 * version's newest event, growing while none arrives), {@code ml_model_info{first_seen}}, and the counters
 * and histograms of {@link TotalsCollector}. Series belong to the task that owns the version, like
 * {@link DriftMetrics}.
 */
public final class WindowMetrics extends OwnedGauges {
  public static final String CLASS_RATIO = "ml.prediction.class.ratio";
  public static final String POSITIVE_RATE = "ml.prediction.positive.rate";
  public static final String CLASS_PROBABILITY = "ml.prediction.class.probability";
  public static final String VALUE_QUANTILE = "ml.prediction.value.quantile";
  public static final String DRIFT_SCORE = "ml.prediction.drift.score";
  public static final String DRIFT_STATISTIC = "ml.prediction.drift.statistic";
  public static final String DRIFT_THRESHOLD = "ml.prediction.drift.threshold";
  public static final String DRIFT_P_VALUE = "ml.prediction.drift.p.value";
  public static final String DRIFT_DETECTED = "ml.prediction.drift.detected";
  public static final String EVENT_LAG = "ml.event.lag.seconds";
  public static final String FRESHNESS = "ml.data.freshness.seconds";
  public static final String MODEL_INFO = "ml.model.info";
  /** Classes exported per version and window; the rest are summed under {@code class="__other__"}. */
  public static final int MAX_CLASSES = 50;

  private final TotalsCollector totals = new TotalsCollector();
  private Counter pooled;

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    super.bindTo(registry);
    pooled = Counter.builder("pqp.serving.labels.pooled")
        .description("Requests counted under route or status __other__ because of the caps")
        .register(registry);
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      prometheus.getPrometheusRegistry().register(totals);
    }
  }

  /** Publishes a finalized window; {@code versionTotals} is copied. */
  public synchronized void update(WindowOutcome o, VersionTotals versionTotals, long firstSeenMs, String owner, long nowMs) {
    show(o, versionTotals, firstSeenMs, owner, nowMs);
    pooled.increment(o.health().pooled());
  }

  /** Shows a window's gauges and its version's totals ({@code versionTotals} is copied), counting nothing. */
  public synchronized void show(WindowOutcome o, VersionTotals versionTotals, long firstSeenMs, String owner, long nowMs) {
    String group = group(o.modelName(), o.modelVersion());
    Tags version = Tags.of("model_name", o.modelName(), "model_version", o.modelVersion());
    gauges.touch(group);
    var mix = o.mix();
    capped(mix.classRatios()).forEach((c, r) -> gauges.set(group, CLASS_RATIO,
        "Share of each predicted class in the latest window", version.and("class", c), r));
    if (mix.positiveRate() != null) {
      gauges.set(group, POSITIVE_RATE, "Share of scores at or above 0.5 in the latest window", version, mix.positiveRate());
    }
    capped(mix.meanProbabilities()).forEach((c, p) -> gauges.set(group, CLASS_PROBABILITY,
        "Mean probability given to each class in the latest window", version.and("class", c), p));
    mix.valueQuantiles().forEach((q, v) -> gauges.set(group, VALUE_QUANTILE, "Quantiles of regression outputs",
        version.and("quantile", Double.toString(q)), v));
    for (PredictionDrift d : o.predictionDrift()) {
      gauges.set(group, DRIFT_STATISTIC, "Every drift statistic of the prediction mix against each baseline",
          version.and("baseline", d.baseline(), "target", d.target(), "method", d.method()), d.value());
      if (isPrimary(d, o)) {
        Tags baseline = version.and("baseline", d.baseline());
        gauges.set(group, DRIFT_SCORE, "Drift of the prediction mix against each baseline (score PSI, else class PSI)",
            baseline, d.value());
        if (d.threshold() != null) {
          gauges.set(group, DRIFT_THRESHOLD, "The threshold the prediction drift score was held to: PSI 0.2, or its"
              + " noise at the windows' sizes if higher", baseline, d.threshold());
          if (d.pValue() != null) {
            gauges.set(group, DRIFT_P_VALUE, "Estimated probability of a prediction drift score this high when"
                + " nothing changed, at the windows' sizes", baseline, d.pValue());
          }
          gauges.set(group, DRIFT_DETECTED, "1 if the prediction drift score reached its threshold", baseline, d.drifted() ? 1 : 0);
        }
      }
    }
    o.eventLagSeconds().forEach((q, v) -> gauges.set(group, EVENT_LAG,
        "Processing time minus event time in the latest window", version.and("quantile", Double.toString(q)), v));
    gauges.set(group, MODEL_INFO, "A model version pqp has seen, with the time of its first event",
        version.and("first_seen", Instant.ofEpochMilli(firstSeenMs).toString()), 1);
    gauges.removeUntouched(group, FRESHNESS);
    totals.set(group, o.modelName(), o.modelVersion(), versionTotals.copy());
    ownership.updated(group, owner, nowMs);
  }

  /** The newest event time of a version, reported by stage 1 every second: freshness grows from it. */
  public synchronized void newestEvent(String model, String version, long eventMs, String owner, long nowMs) {
    String group = group(model, version);
    gauges.setAgeSince(group, FRESHNESS, "Seconds since the newest event of the version",
        Tags.of("model_name", model, "model_version", version), eventMs);
    ownership.updated(group, owner, nowMs);
  }

  /** The {@link #MAX_CLASSES} - 1 largest values by class, the rest summed as {@code __other__}: bounded series. */
  static Map<String, Double> capped(Map<String, Double> byClass) {
    if (byClass.size() <= MAX_CLASSES) {
      return byClass;
    }
    List<Map.Entry<String, Double>> sorted = new ArrayList<>(byClass.entrySet());
    sorted.sort(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> out = new TreeMap<>();
    for (int i = 0; i < sorted.size(); i++) {
      String c = i < MAX_CLASSES - 1 ? sorted.get(i).getKey() : PredictionMix.OTHER_CLASS;
      out.merge(c, sorted.get(i).getValue(), Double::sum);
    }
    return out;
  }

  private static boolean isPrimary(PredictionDrift d, WindowOutcome o) {
    boolean scored = o.predictionDrift().stream().anyMatch(x -> x.baseline().equals(d.baseline()) && x.target().equals("score"));
    return d.method().equals("psi") && d.target().equals(scored ? "score" : "class");
  }



  @Override
  protected void forget(String group) {
    super.forget(group);
    totals.remove(group);
  }

  private static String group(String model, String version) {
    return model + "/" + version;
  }
}
