package dev.pqp.status;

import java.util.List;

/**
 * One model version as the status page shows it.
 *
 * @param instances the instances ({@code application.server}) that answered for it: the owner of its
 *     windows (stage 2) and of its performance (the ground-truth aggregation), which may differ
 * @param windows its last finalized windows, oldest first
 * @param performance the figures its performance gauges show, one per horizon and kind
 */
public record VersionStatus(String model, String version, List<String> instances, List<WindowSummary> windows,
    List<PerformanceSummary> performance) {
  public VersionStatus {
    instances = List.copyOf(instances);
    windows = List.copyOf(windows);
    performance = List.copyOf(performance);
  }
}
