/**
 * Pure performance statistics of labelled predictions: nothing here imports Kafka or Micrometer.
 *
 * <p>Consumes {@link dev.pqp.outcome.Outcome}s (a prediction joined with its ground truth) into a
 * mergeable {@link dev.pqp.outcome.PerformanceProfile} per (model, version, window), persisted by
 * {@link dev.pqp.outcome.PerformanceCodec}; emits {@link dev.pqp.outcome.Performance} figures through
 * {@link dev.pqp.outcome.PerformanceMetrics}: binary (accuracy, precision, recall, F1, ROC AUC with its
 * sketch error bound, log loss, Brier), multiclass (accuracy, macro F1, per-class recall) and
 * regression (MAE, RMSE, MAPE, bias), with coverage and label-delay quantiles.
 *
 * <p>Before labels arrive, {@link dev.pqp.outcome.CbpeEstimate} estimates binary accuracy, F1 and
 * ROC AUC from a window's score histogram and a {@link dev.pqp.outcome.Calibration} learned from
 * labelled windows.
 */
package dev.pqp.outcome;
