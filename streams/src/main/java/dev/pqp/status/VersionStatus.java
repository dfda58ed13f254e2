package dev.pqp.status;

import java.util.List;

/**
 * One model version as the status page shows it.
 *
 * @param instances the instances ({@code application.server}) that answered for it: the owner of its
 *     windows (stage 2) and of its performance (the ground-truth aggregation), which may differ
 * @param windows its last finalized windows, oldest first
 * @param performance the figures its performance gauges show, one per horizon and kind
 * @param comparisons the version as a challenger against its champion ({@code compare.versions}), per metric
 * @param actions its actions and whether an episode of each is open
 * @param outcomes its business outcomes, per horizon and name
 */
public record VersionStatus(String model, String version, List<String> instances, List<WindowSummary> windows,
    List<PerformanceSummary> performance, List<ComparisonSummary> comparisons, List<ActionSummary> actions,
    List<OutcomeSummary> outcomes) {
  public VersionStatus {
    instances = List.copyOf(instances);
    windows = List.copyOf(windows);
    performance = List.copyOf(performance);
    comparisons = comparisons == null ? List.of() : List.copyOf(comparisons); // null from an older peer
    actions = actions == null ? List.of() : List.copyOf(actions);
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
  }

  /** Without comparisons and actions. */
  public VersionStatus(String model, String version, List<String> instances, List<WindowSummary> windows,
      List<PerformanceSummary> performance) {
    this(model, version, instances, windows, performance, List.of(), List.of(), List.of());
  }
}
