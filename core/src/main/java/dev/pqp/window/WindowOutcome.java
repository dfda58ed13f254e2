package dev.pqp.window;

import dev.pqp.drift.WindowResult;
import java.util.List;
import java.util.Map;

/**
 * The one complete result of a finalized window of a model version, computed once by
 * {@link WindowEvaluator}; the derived records and the gauges are both mapped from it.
 *
 * @param drift feature drift and dataset drift
 * @param referenceId the reference's id, or null without one
 * @param eventCount predictions and feature logs of the window
 * @param lateEventCount of those, events that arrived after the window had been forwarded, within grace
 * @param predictionDrift the mix's drift against every baseline that exists for this window
 * @param eventLagSeconds processing time minus event time by quantile level (0.5, 0.95, 0.99)
 * @param newestEventMs the newest event time of the window
 */
public record WindowOutcome(WindowResult drift, String referenceId, long eventCount, long lateEventCount,
    MixSummary mix, List<PredictionDrift> predictionDrift, HealthSummary health, Map<Double, Double> eventLagSeconds,
    long newestEventMs) {

  public WindowOutcome {
    predictionDrift = List.copyOf(predictionDrift);
    eventLagSeconds = Map.copyOf(eventLagSeconds);
  }

  public String modelName() {
    return drift.modelName();
  }

  public String modelVersion() {
    return drift.modelVersion();
  }

  public long windowStart() {
    return drift.windowStart();
  }

  public long windowEnd() {
    return drift.windowEnd();
  }
}
