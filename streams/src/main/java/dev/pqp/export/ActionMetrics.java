package dev.pqp.export;

import dev.pqp.status.ActionSummary;
import io.micrometer.core.instrument.Tags;

/**
 * {@code ml_action_active{model_name, model_version, action}}: 1 while an episode of the action is open for the
 * version (its condition held for its windows and has not cleared), 0 otherwise; published by the task that owns
 * the version, from its restored state after a restart or a move. {@code MLRetrainingRecommended} alerts on it.
 */
public final class ActionMetrics extends OwnedGauges {
  public static final String ACTIVE = "ml.action.active";
  private final java.util.Map<String, java.util.Map<String, ActionSummary>> shown = new java.util.HashMap<>();

  /** Shows whether an episode of {@code action} is open for the version. */
  public synchronized void show(String model, String version, String action, boolean open, String owner, long nowMs) {
    // one group per action: the actions of a version are published by different tasks (stage 2, the comparison, the
    // performance aggregation), and one task's release or staleness must not take another's series
    String group = model + "\u0000" + version + "\u0000" + action;
    gauges.set(group, ACTIVE, "1 while an episode of the action is open for the version: its condition held in its"
        + " consecutive windows and has not cleared", Tags.of("model_name", model, "model_version", version, "action",
        action), open ? 1 : 0);
    ownership.updated(group, owner, nowMs);
    shown.computeIfAbsent(group, g -> new java.util.TreeMap<>()).put(action,
        new ActionSummary(model, version, action, open));
  }

  /** The actions of every version this instance owns, as the status page shows them. */
  public synchronized java.util.List<ActionSummary> shown() {
    return shown.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  @Override
  protected void forget(String group) {
    super.forget(group);
    shown.remove(group);
  }
}
