package dev.pqp.export;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.drift.WindowResult;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One INFO line when a version's drift changes from one finalized window to the next on this instance: the features
 * that start drifting (with their method, score and threshold) and those that stop, and the dataset drift starting or
 * ending; nothing while it stays the same, so at most one line per version and window. Fields {@code model_name},
 * {@code model_version}, {@code drift_started}, {@code drift_stopped} and {@code dataset_drift} go with it (JSON logs
 * carry them as fields). What an instance has not seen before (a restart, a version moved here) counts from nothing:
 * features drifting in its first window are reported as starting.
 */
final class DriftLog {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.pqp.drift");

  private record Seen(TreeSet<String> drifting, boolean dataset) {}

  private final Map<String, Seen> seen = new HashMap<>();

  /** A version's drift change: its line and the features that started and stopped drifting. */
  record Change(String line, java.util.Set<String> started, java.util.Set<String> stopped) {}

  void window(WindowResult w) {
    Change c = change(w);
    if (c != null) {
      LOG.atInfo().addKeyValue("model_name", w.modelName()).addKeyValue("model_version", w.modelVersion())
          .addKeyValue("drift_started", String.join(",", c.started())).addKeyValue("drift_stopped",
              String.join(",", c.stopped())).addKeyValue("dataset_drift", w.datasetDrift().drifted()).log(c.line());
    }
  }

  /** The change the window makes, or null when its drift is what the version's previous window had. */
  synchronized Change change(WindowResult w) {
    String key = w.modelName() + "\u0000" + w.modelVersion();
    Seen before = seen.getOrDefault(key, new Seen(new TreeSet<>(), false));
    Map<String, FeatureDriftResult> started = new TreeMap<>();
    TreeSet<String> stopped = new TreeSet<>();
    TreeSet<String> drifting = new TreeSet<>();
    for (FeatureDriftResult f : w.features()) {
      if (f.driftScore() == null) {
        if (before.drifting().contains(f.featureName())) {
          drifting.add(f.featureName()); // not evaluated in this window (too few values): unchanged
        }
        continue;
      }
      if (f.driftDetected()) {
        drifting.add(f.featureName());
        if (!before.drifting().contains(f.featureName())) {
          started.put(f.featureName(), f);
        }
      } else if (before.drifting().contains(f.featureName())) {
        stopped.add(f.featureName());
      }
    }
    boolean dataset = w.datasetDrift().drifted();
    seen.put(key, new Seen(drifting, dataset));
    if (started.isEmpty() && stopped.isEmpty() && dataset == before.dataset()) {
      return null;
    }
    StringJoiner line = new StringJoiner("; ");
    if (!started.isEmpty()) {
      StringJoiner s = new StringJoiner(", ", "drift started in ", "");
      started.forEach((name, f) -> s.add(String.format(Locale.ROOT, "%s (%s %.4g, threshold %.4g)", name,
          f.primaryMethod(), f.driftScore(), f.effectiveThreshold() == null ? f.threshold() : f.effectiveThreshold())));
      line.add(s.toString());
    }
    if (!stopped.isEmpty()) {
      line.add("drift stopped in " + String.join(", ", stopped));
    }
    if (dataset != before.dataset()) {
      line.add(String.format(Locale.ROOT, "dataset drift %s (%d of %d features, share %.2f, drift.dataset-share %.2f)",
          dataset ? "started" : "stopped", w.datasetDrift().driftedFeatures(), w.datasetDrift().features(),
          w.datasetDrift().share(), w.datasetDrift().shareThreshold()));
    }
    return new Change(w.modelName() + "/" + w.modelVersion() + ": " + line + " (window from "
        + Instant.ofEpochMilli(w.windowStart()) + " to " + Instant.ofEpochMilli(w.windowEnd()) + ")", started.keySet(),
        stopped);
  }
}
