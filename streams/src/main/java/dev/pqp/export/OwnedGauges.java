package dev.pqp.export;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A binder whose gauges belong, per model version (group), to the stream task that owns the version: they
 * go when the task closes ({@link #release}) or were not updated for the stale time ({@link #expire}), so
 * N instances behind one Prometheus never show a stale or doubled value. Subclasses set gauges under
 * {@code this}'s lock and extend {@link #forget} with what else they keep per group.
 */
abstract class OwnedGauges implements MeterBinder {
  protected final Ownership ownership = new Ownership();
  protected GaugeTable gauges;

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    gauges = new GaugeTable(registry);
  }

  /** Removes every series of the versions owned by {@code owner} (a task that was closed or migrated). */
  public synchronized void release(String owner) {
    ownership.release(owner).forEach(this::forget);
  }

  /** Removes the versions not updated for more than {@code staleMs}. */
  public synchronized void expire(long nowMs, long staleMs) {
    ownership.expire(nowMs, staleMs).forEach(this::forget);
  }

  /** Drops everything of {@code group}; called with the lock held. */
  protected void forget(String group) {
    gauges.removeGroup(group);
  }
}
