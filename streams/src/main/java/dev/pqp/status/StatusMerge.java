package dev.pqp.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the versions several instances answered for into one view per model version. Usually each part
 * comes from one instance (windows from the stage-2 owner, performance from the aggregation's owner); while
 * a task moves, two instances may both answer for a while, and the union of their windows (one per start)
 * and the newer of their figures per horizon are kept.
 */
final class StatusMerge {
  private final int windows;
  private final Map<String, Map<String, Parts>> byModel = new TreeMap<>();

  private static final class Parts {
    final Set<String> instances = new LinkedHashSet<>();
    final Map<Long, WindowSummary> windows = new TreeMap<>();
    final Map<String, PerformanceSummary> performance = new TreeMap<>();
    final Map<String, ComparisonSummary> comparisons = new TreeMap<>();
    final Map<String, ActionSummary> actions = new TreeMap<>();
    final Map<String, OutcomeSummary> outcomes = new TreeMap<>();
  }

  StatusMerge(int windows) {
    this.windows = windows;
  }

  void add(List<VersionStatus> versions) {
    for (VersionStatus v : versions) {
      Parts parts = byModel.computeIfAbsent(v.model(), m -> new TreeMap<>()).computeIfAbsent(v.version(), x -> new Parts());
      parts.instances.addAll(v.instances());
      v.windows().forEach(w -> parts.windows.putIfAbsent(w.windowStart(), w));
      for (PerformanceSummary p : v.performance()) {
        parts.performance.merge(p.horizon() + (p.estimated() ? "/estimated" : ""), p, StatusMerge::newer);
      }
      // while a task moves two instances may answer: the one with more labels, an open episode, wins
      v.comparisons().forEach(c -> parts.comparisons.merge(c.champion() + "/" + c.metric(), c,
          (a, b) -> b.challengerLabels() + b.championLabels() > a.challengerLabels() + a.championLabels() ? b : a));
      v.actions().forEach(a -> parts.actions.merge(a.action(), a, (x, y) -> y.active() ? y : x));
      // the one that counted more predictions with it, as for comparisons
      v.outcomes().forEach(o -> parts.outcomes.merge(o.horizon() + "/" + o.name(), o, (x, y) -> y.count() > x.count() ? y : x));
    }
  }

  private static PerformanceSummary newer(PerformanceSummary a, PerformanceSummary b) {
    long sa = a.windowStart() == null ? Long.MIN_VALUE : a.windowStart();
    long sb = b.windowStart() == null ? Long.MIN_VALUE : b.windowStart();
    return sb > sa ? b : a;
  }

  List<ClusterModels.ModelStatus> models() {
    List<ClusterModels.ModelStatus> out = new ArrayList<>();
    byModel.forEach((model, versions) -> {
      List<VersionStatus> vs = new ArrayList<>();
      versions.forEach((version, p) -> {
        List<WindowSummary> ws = new ArrayList<>(p.windows.values());
        List<PerformanceSummary> perf = new ArrayList<>(p.performance.values());
        perf.sort(Comparator.comparing((PerformanceSummary x) -> x.estimated()).thenComparingLong(StatusMerge::horizonOrder));
        vs.add(new VersionStatus(model, version, List.copyOf(p.instances),
            ws.subList(Math.max(0, ws.size() - windows), ws.size()), perf, List.copyOf(p.comparisons.values()),
            List.copyOf(p.actions.values()), List.copyOf(p.outcomes.values())));
      });
      out.add(new ClusterModels.ModelStatus(model, vs));
    });
    return out;
  }

  /** {@code window} first, then the rolling horizons by length. */
  private static long horizonOrder(PerformanceSummary p) {
    String h = p.horizon();
    if (h.equals("window")) {
      return -1;
    }
    try {
      long n = Long.parseLong(h.substring(0, h.length() - 1));
      return switch (h.charAt(h.length() - 1)) {
        case 'h' -> n * 3600;
        case 'm' -> n * 60;
        default -> n;
      };
    } catch (RuntimeException e) {
      return Long.MAX_VALUE;
    }
  }
}
