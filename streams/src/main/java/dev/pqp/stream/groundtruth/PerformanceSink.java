package dev.pqp.stream.groundtruth;

import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import java.time.Duration;
import java.util.List;

/**
 * Where the performance aggregation's results go: one record per changed window, and the gauges of the
 * latest realized window, the latest estimate and each horizon. The aggregation processor implements it over
 * its context and its {@code PerformanceGauges}; a test may record the calls.
 */
interface PerformanceSink {
  /** The window's record: its realized figures {@code p}, or {@code estimate} where one stands in for them. */
  void window(PerformanceWindow w, Performance p, CbpeEstimate estimate, long timestamp);

  /** The window has enough labels: its realized figures are the version's latest. */
  void realized(PerformanceWindow w, Performance p, long wallMs);

  void estimate(PerformanceWindow w, CbpeEstimate estimate, long wallMs);

  void clearEstimate(String model, String version);

  void horizon(String model, String version, Duration horizon, Performance p, long wallMs);

  void clearHorizon(String model, String version, Duration horizon);

  /**
   * The business outcomes of the latest window that ended with enough predictions ({@code horizon} null), or of
   * a horizon's windows merged: each outcome's figures over the predictions that could join.
   */
  void business(String model, String version, Duration horizon, List<BusinessOutcomes.Figures> figures, long wallMs);

  void clearBusiness(String model, String version, Duration horizon);

  /** The window's labels are final ({@code ground-truth.max-delay} has passed its end): its figures are {@code p}. */
  void sealed(PerformanceWindow w, long windowEnd, Performance p);

  /** Gauges not renewed for the staleness time go. */
  void expire(long wallMs);
}
