package dev.pqp.export;

import dev.pqp.outcome.Performance;
import io.micrometer.core.instrument.Tags;
import java.util.HashMap;
import java.util.Map;

/**
 * Realized performance of each owned model version {model_name, model_version}: {@code ml_model_accuracy},
 * {@code ml_model_precision}, {@code ml_model_recall}, {@code ml_model_f1_score}, {@code ml_model_roc_auc},
 * {@code ml_model_log_loss}, {@code ml_model_brier_score}, {@code ml_model_mae}, {@code ml_model_rmse},
 * {@code ml_ground_truth_coverage_ratio} and {@code ml_ground_truth_delay_seconds{quantile}}, for the latest
 * prediction-time window that has enough labels (the caller decides). A metric the window does not carry
 * is removed. Series belong to the task that owns the window, like {@link WindowMetrics}.
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

  private final Map<String, Long> shownStart = new HashMap<>();

  /** Shows the figures of the window starting at {@code windowStart} unless a later window is shown. */
  public synchronized void update(String model, String version, long windowStart, Performance p, String owner,
      long nowMs) {
    String group = model + "/" + version;
    Long shown = shownStart.get(group);
    if (shown != null && shown > windowStart) {
      return;
    }
    shownStart.put(group, windowStart);
    Tags tags = Tags.of("model_name", model, "model_version", version);
    gauges.touch(group);
    Performance.Binary b = p.binary();
    if (b != null) {
      set(group, ACCURACY, "Accuracy of the latest labelled window (threshold 0.5)", tags, b.accuracy());
      set(group, PRECISION, "Precision of the latest labelled window", tags, b.precision());
      set(group, RECALL, "Recall of the latest labelled window", tags, b.recall());
      set(group, F1, "F1 score of the latest labelled window", tags, b.f1());
      set(group, ROC_AUC, "ROC AUC of the latest labelled window", tags, b.rocAuc() == null ? null : b.rocAuc().value());
      set(group, LOG_LOSS, "Log loss of the latest labelled window", tags, b.logLoss());
      set(group, BRIER, "Brier score of the latest labelled window", tags, b.brier());
    } else if (p.multiclass() != null) {
      set(group, ACCURACY, "Accuracy of the latest labelled window (threshold 0.5)", tags, p.multiclass().accuracy());
      set(group, F1, "F1 score of the latest labelled window", tags, p.multiclass().macroF1());
    }
    if (p.regression() != null) {
      set(group, MAE, "Mean absolute error of the latest labelled window", tags, p.regression().mae());
      set(group, RMSE, "Root mean squared error of the latest labelled window", tags, p.regression().rmse());
    }
    set(group, COVERAGE, "Labelled share of the sampled predictions of the latest labelled window", tags, p.coverage());
    String delay = "Label delay quantiles of the latest labelled window";
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



  @Override
  protected void forget(String group) {
    super.forget(group);
    shownStart.remove(group);
  }
}
