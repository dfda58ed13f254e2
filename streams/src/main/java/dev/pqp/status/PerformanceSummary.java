package dev.pqp.status;

import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;

/**
 * The performance of a model version the gauges show, as the status page shows it: realized over one
 * horizon ({@code window}: the latest window with enough labels; {@code 1h}, {@code 24h}: predictions made
 * within it), or estimated before the labels come ({@code estimated}, method CBPE, horizon {@code window}).
 * A figure the model kind does not have is null.
 *
 * @param windowStart the window's start for horizon {@code window}, else null
 * @param labelled labelled predictions; null for an estimate
 * @param predictions predictions the figures are about
 */
public record PerformanceSummary(String model, String version, String horizon, boolean estimated, Long windowStart,
    Double accuracy, Double f1, Double rocAuc, Double mae, Double coverage, Long labelled, long predictions) {

  /** Realized figures of {@code horizon}. */
  public static PerformanceSummary realized(String model, String version, String horizon, Long windowStart,
      Performance p) {
    Double accuracy = null;
    Double f1 = null;
    Double rocAuc = null;
    if (p.binary() != null) {
      accuracy = p.binary().accuracy();
      f1 = p.binary().f1();
      rocAuc = p.binary().rocAuc() == null ? null : p.binary().rocAuc().value();
    } else if (p.multiclass() != null) {
      accuracy = p.multiclass().accuracy();
      f1 = p.multiclass().macroF1();
    }
    Double mae = p.regression() == null ? null : p.regression().mae();
    return new PerformanceSummary(model, version, horizon, false, windowStart, accuracy, f1, rocAuc, mae,
        p.coverage(), p.labelled(), p.predictionCount());
  }

  /** The CBPE estimate of the window starting at {@code windowStart}. */
  public static PerformanceSummary estimate(String model, String version, String horizon, long windowStart,
      CbpeEstimate e) {
    return new PerformanceSummary(model, version, horizon, true, windowStart, e.accuracy(), e.f1(), e.rocAuc(), null,
        null, null, e.count());
  }
}
