package dev.pqp.window;

import dev.pqp.profile.RequestStats;
import java.util.Map;

/**
 * Serving health of a window from the events that carry it.
 *
 * @param byRoute exact requests by status and latency buckets, per route
 * @param latencyQuantilesMs latency by quantile level (0.5, 0.95, 0.99) from the window's sketch, empty
 *     without latencies
 * @param pooled requests whose route or status went beyond the caps and counted as {@code __other__}
 */
public record HealthSummary(Map<String, RequestStats> byRoute, Map<Double, Double> latencyQuantilesMs, long pooled) {
  public HealthSummary {
    byRoute = Map.copyOf(byRoute);
    latencyQuantilesMs = Map.copyOf(latencyQuantilesMs);
  }


  /** Requests by status over all routes. */
  public Map<String, Long> byStatus() {
    Map<String, Long> out = new java.util.TreeMap<>();
    byRoute.values().forEach(r -> r.statuses().forEach((s, n) -> out.merge(s, n, Long::sum)));
    return out;
  }
}
