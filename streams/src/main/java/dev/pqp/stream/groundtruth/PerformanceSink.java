package dev.pqp.stream.groundtruth;

import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import java.time.Duration;

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

  /** Gauges not renewed for the staleness time go. */
  void expire(long wallMs);
}
