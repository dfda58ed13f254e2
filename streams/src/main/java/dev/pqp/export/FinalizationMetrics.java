package dev.pqp.export;

import io.micrometer.core.instrument.Tags;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code pqp_last_window_finalized_timestamp_seconds{model_name}}: the wall-clock time (epoch seconds) at
 * which stage 2 last finalized a window of the model. {@code time() - } it is how long the model's results
 * have not moved: with events still being read, a stuck close (a stage-1 task that stopped reporting, a
 * stage-2 task that does not run) rather than a quiet model.
 *
 * <p>The series belongs to the stage-2 task that owns the model, like {@link WindowMetrics}. A task that
 * takes a model over starts the series at the moment it first hears of it (it does not know when the previous
 * owner last finalized one), so the age counts from the takeover until its first window; news of the model
 * (a newer event) renews the ownership, so the series of a model whose events keep coming never expires
 * however long its windows stay open, while that of a model that stopped sending goes after the stale time.
 */
public final class FinalizationMetrics extends OwnedGauges {
  public static final String LAST_FINALIZED = "pqp.last.window.finalized.timestamp.seconds";

  private final Set<String> shown = new HashSet<>();

  /** Stage 2 heard news of {@code model}: starts its series at {@code nowMs} unless this instance shows one. */
  public synchronized void heard(String model, String owner, long nowMs) {
    if (!shown.contains(model)) {
      show(model, nowMs);
    }
    ownership.updated(model, owner, nowMs);
  }

  /** Stage 2 finalized a window of {@code model} at {@code nowMs}. */
  public synchronized void finalized(String model, String owner, long nowMs) {
    show(model, nowMs);
    ownership.updated(model, owner, nowMs);
  }

  private void show(String model, long nowMs) {
    gauges.set(model, LAST_FINALIZED, "Wall-clock time at which stage 2 last finalized a window of the model"
        + " (or took the model over), epoch seconds", Tags.of("model_name", model), nowMs / 1000.0);
    shown.add(model);
  }

  @Override
  protected void forget(String group) {
    super.forget(group);
    shown.remove(group);
  }
}
