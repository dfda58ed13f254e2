package dev.pqp.export;

import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import dev.pqp.status.OutcomeSummary;
import dev.pqp.status.PerformanceSummary;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Performance of each owned model version {model_name, model_version, horizon}: {@code ml_model_accuracy},
 * {@code ml_model_precision}, {@code ml_model_recall}, {@code ml_model_f1_score}, {@code ml_model_roc_auc},
 * {@code ml_model_log_loss}, {@code ml_model_brier_score}, {@code ml_model_mae}, {@code ml_model_rmse},
 * {@code ml_ground_truth_coverage_ratio} and {@code ml_ground_truth_delay_seconds{quantile}}.
 *
 * <ul>
 *   <li>{@code horizon="window"}: the latest prediction-time window with enough labels (the caller decides);
 *   <li>{@code horizon="1h"}, {@code "24h"}, ...: every window that started within that rolling horizon, merged;
 *   <li>{@code ml_model_estimated_accuracy}, {@code ml_model_estimated_f1_score} and
 *       {@code ml_model_estimated_roc_auc} {…, horizon="window", method="cbpe"}: the estimate of the latest
 *       window with enough predictions, before its labels come.
 * </ul>
 *
 * <p>Every series carries {@code horizon} (Prometheus clients want one label set per metric name). A metric
 * a figure set does not carry is removed. Series belong to the task that owns the version, like
 * {@link WindowMetrics}. {@link #shown()} lists the same figures for the status page.
 */
public final class PerformanceGauges extends OwnedGauges {
  public static final String ACCURACY = "ml.model.accuracy";
  public static final String PRECISION = "ml.model.precision";
  public static final String RECALL = "ml.model.recall";
  public static final String F1 = "ml.model.f1.score";
  public static final String ROC_AUC = "ml.model.roc.auc";
  public static final String LOG_LOSS = "ml.model.log.loss";
  public static final String BRIER = "ml.model.brier.score";
  public static final String MAE = "ml.model.mae";
  public static final String RMSE = "ml.model.rmse";
  public static final String COVERAGE = "ml.ground.truth.coverage.ratio";
  public static final String DELAY = "ml.ground.truth.delay.seconds";
  public static final String ESTIMATED_ACCURACY = "ml.model.estimated.accuracy";
  public static final String ESTIMATED_F1 = "ml.model.estimated.f1.score";
  public static final String ESTIMATED_ROC_AUC = "ml.model.estimated.roc.auc";
  public static final String OUTCOME_COUNT = "ml.outcome.count";
  public static final String OUTCOME_RATE = "ml.outcome.rate";
  public static final String OUTCOME_VALUE_MEAN = "ml.outcome.value.mean";
  public static final String OUTCOME_VALUE_SUM = "ml.outcome.value.sum";
  public static final String OUTCOME_DELAY = "ml.outcome.delay.seconds";
  /** The {@code horizon} of the latest labelled (or estimated) window. */
  public static final String WINDOW = "window";
  private static final String CBPE = "cbpe";

  private final Map<String, Long> shownStart = new HashMap<>();
  /** What each group shows, for the status page. */
  private final Map<String, PerformanceSummary> shown = new TreeMap<>();
  private final Map<String, List<OutcomeSummary>> shownOutcomes = new TreeMap<>();

  /** Shows the realized figures of the window starting at {@code windowStart} unless a later window is shown. */
  public synchronized void update(String model, String version, long windowStart, Performance p, String owner,
      long nowMs) {
    String group = group(model, version, WINDOW);
    if (later(group, windowStart)) {
      show(group, tags(model, version, WINDOW), p, owner, nowMs);
      shown.put(group, PerformanceSummary.realized(model, version, WINDOW, windowStart, p));
    }
  }

  /** Shows the realized figures of a rolling horizon. */
  public synchronized void horizon(String model, String version, Duration horizon, Performance p, String owner,
      long nowMs) {
    String label = label(horizon);
    show(group(model, version, label), tags(model, version, label), p, owner, nowMs);
    shown.put(group(model, version, label), PerformanceSummary.realized(model, version, label, null, p));
  }

  /** Removes a horizon's series (it has too few labels now). */
  public synchronized void clearHorizon(String model, String version, Duration horizon) {
    forget(group(model, version, label(horizon)));
  }

  /** Shows the estimate of the window starting at {@code windowStart} unless a later window is shown. */
  public synchronized void estimate(String model, String version, long windowStart, CbpeEstimate e, String owner,
      long nowMs) {
    String group = group(model, version, CBPE);
    if (!later(group, windowStart)) {
      return;
    }
    Tags tags = tags(model, version, WINDOW).and("method", CBPE);
    gauges.touch(group);
    String what = " of the latest window, estimated before its labels (CBPE) from the version's calibration";
    set(group, ESTIMATED_ACCURACY, "Accuracy (threshold 0.5)" + what, tags, e.accuracy());
    set(group, ESTIMATED_F1, "F1 score" + what, tags, e.f1());
    set(group, ESTIMATED_ROC_AUC, "ROC AUC" + what, tags, e.rocAuc());
    gauges.removeUntouched(group);
    ownership.updated(group, owner, nowMs);
    shown.put(group, PerformanceSummary.estimate(model, version, WINDOW, windowStart, e));
  }

  /**
   * Shows the business outcomes of the latest window that ended with enough predictions ({@code horizon} null) or
   * of a rolling horizon: {@code ml_outcome_count}, {@code ml_outcome_rate}, {@code ml_outcome_value_mean},
   * {@code ml_outcome_value_sum} and {@code ml_outcome_delay_seconds} {model_name, model_version, horizon, outcome}.
   */
  public synchronized void outcomes(String model, String version, Duration horizon,
      List<BusinessOutcomes.Figures> figures, String owner, long nowMs) {
    String label = horizon == null ? WINDOW : label(horizon);
    String group = outcomeGroup(model, version, horizon);
    String of = " of the horizon's predictions (window: the latest ended window with enough predictions;"
        + " 1h, 24h, ...: predictions made since)";
    gauges.touch(group);
    for (BusinessOutcomes.Figures f : figures) {
      Tags tags = tags(model, version, label).and("outcome", f.name());
      set(group, OUTCOME_COUNT, "Predictions that got the business outcome," + of, tags, (double) f.count());
      set(group, OUTCOME_RATE, "Share of the predictions that could join that got the business outcome," + of, tags,
          f.rate());
      set(group, OUTCOME_VALUE_MEAN, "Mean value of the business outcome," + of, tags, f.mean());
      set(group, OUTCOME_VALUE_SUM, "Sum of the values of the business outcome," + of, tags, f.sum());
      set(group, OUTCOME_DELAY, "Mean delay of the business outcome after its prediction," + of, tags,
          f.meanDelaySeconds());
    }
    gauges.removeUntouched(group);
    ownership.updated(group, owner, nowMs);
    shownOutcomes.put(group, figures.stream().map(f -> new OutcomeSummary(model, version, label, f.name(), f.count(),
        f.rate(), f.mean(), f.sum(), f.meanDelaySeconds())).toList());
  }

  /** Removes the business outcome series of a horizon ({@code null}: the window's). */
  public synchronized void clearOutcomes(String model, String version, Duration horizon) {
    String group = outcomeGroup(model, version, horizon);
    if (shownOutcomes.containsKey(group)) {
      forget(group);
    }
  }

  /** The business outcomes shown now of every version this instance owns, by model, version, horizon and name. */
  public synchronized List<OutcomeSummary> shownOutcomes() {
    return shownOutcomes.values().stream().flatMap(List::stream).toList();
  }

  /** The figures shown now of every version this instance owns, by model, version and horizon. */
  public synchronized List<PerformanceSummary> shown() {
    return List.copyOf(shown.values());
  }

  /** Removes the estimate's series (the calibration is too thin for the latest window). */
  public synchronized void clearEstimate(String model, String version) {
    forget(group(model, version, CBPE));
  }

  private boolean later(String group, long windowStart) {
    Long shown = shownStart.get(group);
    if (shown != null && shown > windowStart) {
      return false;
    }
    shownStart.put(group, windowStart);
    return true;
  }

  private void show(String group, Tags tags, Performance p, String owner, long nowMs) {
    // one description per name for every horizon: a registry keeps the first
    String of = "the horizon (window: the latest window with enough labels; 1h, 24h, ...: predictions made since)";
    gauges.touch(group);
    Performance.Binary b = p.binary();
    if (b != null) {
      set(group, ACCURACY, "Accuracy (threshold 0.5) of " + of, tags, b.accuracy());
      set(group, PRECISION, "Precision of " + of, tags, b.precision());
      set(group, RECALL, "Recall of " + of, tags, b.recall());
      set(group, F1, "F1 score of " + of, tags, b.f1());
      set(group, ROC_AUC, "ROC AUC of " + of, tags, b.rocAuc() == null ? null : b.rocAuc().value());
      set(group, LOG_LOSS, "Log loss of " + of, tags, b.logLoss());
      set(group, BRIER, "Brier score of " + of, tags, b.brier());
    } else if (p.multiclass() != null) {
      set(group, ACCURACY, "Accuracy (threshold 0.5) of " + of, tags, p.multiclass().accuracy());
      set(group, F1, "F1 score of " + of, tags, p.multiclass().macroF1());
    }
    if (p.regression() != null) {
      set(group, MAE, "Mean absolute error of " + of, tags, p.regression().mae());
      set(group, RMSE, "Root mean squared error of " + of, tags, p.regression().rmse());
    }
    set(group, COVERAGE, "Labelled share of the sampled predictions of " + of, tags, p.coverage());
    String delay = "Label delay quantiles of " + of;
    set(group, DELAY, delay, tags.and("quantile", "0.5"), p.delayP50());
    set(group, DELAY, delay, tags.and("quantile", "0.95"), p.delayP95());
    set(group, DELAY, delay, tags.and("quantile", "0.99"), p.delayP99());
    gauges.removeUntouched(group);
    ownership.updated(group, owner, nowMs);
  }

  private void set(String group, String name, String description, Tags tags, Double value) {
    if (value != null) {
      gauges.set(group, name, description, tags, value);
    }
  }

  /** The group of a version's business outcome series of {@code horizon} (null: the window's). */
  private static String outcomeGroup(String model, String version, Duration horizon) {
    return group(model, version, "outcomes-" + (horizon == null ? WINDOW : label(horizon)));
  }

  private static String group(String model, String version, String kind) {
    return model + "/" + version + "#" + kind;
  }

  private static Tags tags(String model, String version, String horizon) {
    return Tags.of("model_name", model, "model_version", version, "horizon", horizon);
  }

  /** {@code 1h}, {@code 24h}, {@code 90m}, {@code 45s}: the largest whole unit. */
  static String label(Duration horizon) {
    long s = horizon.toSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  @Override
  protected void forget(String group) {
    super.forget(group);
    shownStart.remove(group);
    shown.remove(group);
    shownOutcomes.remove(group);
  }
}
