package dev.pqp.export;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.window.VersionTotals;
import dev.pqp.window.WindowOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * The output step of stage 2: maps one {@link WindowOutcome} to the derived records (one feature-drift
 * record per feature, then one model-window record) and to the gauges, counters and histograms of
 * {@link DriftMetrics} and {@link WindowMetrics}; tells {@link FinalizationMetrics} when a model's window was
 * finalized and when stage 2 heard news of it.
 */
public final class WindowOutputs {
  private final DriftMetrics drift;
  private final WindowMetrics window;
  private final FinalizationMetrics finalization;

  public WindowOutputs(DriftMetrics drift, WindowMetrics window, FinalizationMetrics finalization) {
    this.drift = drift;
    this.window = window;
    this.finalization = finalization;
  }

  /** One feature-drift record per feature of the window, in the outcome's order. */
  public List<FeatureDrift> featureDrift(WindowOutcome o) {
    List<FeatureDrift> out = new ArrayList<>(o.drift().features().size());
    for (FeatureDriftResult f : o.drift().features()) {
      out.add(DriftRecords.featureDrift(f));
    }
    return out;
  }

  /** The model-window record of the window. */
  public ModelWindow modelWindow(WindowOutcome o) {
    return DriftRecords.modelWindow(o);
  }

  public void metrics(WindowOutcome o, VersionTotals totals, long firstSeenMs, String owner, long nowMs) {
    drift.update(o.drift(), owner, nowMs);
    drift.reference(o.modelName(), o.modelVersion(), o.drift().referenceKind(), o.referenceId());
    window.update(o, totals, firstSeenMs, owner, nowMs);
    finalization.finalized(o.modelName(), owner, nowMs);
  }

  /**
   * Shows a version's latest window again when a task starts on restored stores: its gauges and totals, not the
   * counts that grow per finalized window; the model's last-finalized series starts at the take-over.
   */
  public void restored(WindowOutcome o, VersionTotals totals, long firstSeenMs, String owner, long nowMs) {
    drift.update(o.drift(), owner, nowMs);
    drift.reference(o.modelName(), o.modelVersion(), o.drift().referenceKind(), o.referenceId());
    window.show(o, totals, firstSeenMs, owner, nowMs);
    finalization.heard(o.modelName(), owner, nowMs);
  }

  public void newestEvent(String model, String version, long eventMs, String owner, long nowMs) {
    window.newestEvent(model, version, eventMs, owner, nowMs);
    finalization.heard(model, owner, nowMs);
  }

  public void release(String owner) {
    drift.release(owner);
    window.release(owner);
    finalization.release(owner);
  }

  public void expire(long nowMs, long staleMs) {
    drift.expire(nowMs, staleMs);
    window.expire(nowMs, staleMs);
    finalization.expire(nowMs, staleMs);
  }
}
