package dev.pqp.stream.groundtruth;

import dev.pqp.action.AccuracyDropRule;
import dev.pqp.action.ActionEvent;
import dev.pqp.action.VersionAccuracy;
import dev.pqp.export.ActionMetrics;
import dev.pqp.export.ActionRecords;
import dev.pqp.outcome.Performance;
import dev.pqp.schema.Action;
import dev.pqp.topology.store.HeapStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The accuracy-drop actions of the versions an aggregation task holds: each version's {@link VersionAccuracy} in
 * {@link #STORE} (a heap store written to its changelog at commit, with the records, so that an episode has one
 * opening and at most one closing record across crashes and moves), fed each window once it is sealed: its labels
 * final. Shows {@code ml_action_active} for both actions.
 */
final class AccuracyActions {
  static final String STORE = "performance-actions";
  /** Between the model and the version in a key: a control character, never in a name. */
  private static final char SEPARATOR = '\u0000';
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AccuracyActions.class);

  private final HeapStore<String, VersionAccuracy> store;
  private final ActionMetrics metrics;
  private final VersionAccuracy.Settings settings;

  AccuracyActions(HeapStore<String, VersionAccuracy> store, ActionMetrics metrics, VersionAccuracy.Settings settings) {
    this.store = store;
    this.metrics = metrics;
    this.settings = settings;
  }

  /** The records sealed window {@code w}, with realized figures {@code p}, causes. */
  List<Action> sealed(PerformanceWindow w, long windowEnd, Performance p, String owner, long nowMs) {
    String key = w.model + SEPARATOR + w.version;
    VersionAccuracy v = store.get(key);
    if (v == null) {
      v = new VersionAccuracy();
      store.put(key, v);
    }
    long[] counts = accuracyCounts(p);
    List<ActionEvent> events = v.sealed(w.model, w.version,
        new VersionAccuracy.Sealed(w.start, windowEnd, counts[0], counts[1], w.scoreBuckets, w.calibration), settings);
    store.markDirty(key);
    show(w.model, w.version, v, owner, nowMs);
    List<Action> out = new ArrayList<>(events.size());
    for (ActionEvent e : events) {
      LOG.info("{} {} for {}/{}: {} (windows from {} to {}), episode {}", e.action(), e.state().code(), e.model(),
          e.version(), e.condition(), java.time.Instant.ofEpochMilli(e.evidence().get(0).windowStart()),
          java.time.Instant.ofEpochMilli(e.windowEnd()), e.episodeId());
      out.add(ActionRecords.of(e));
    }
    forgetStopped(w.start);
    return out;
  }

  /** The labelled predictions with a class and the correct ones among them; none for a regression. */
  static long[] accuracyCounts(Performance p) {
    if (p.binary() != null) {
      return new long[] {p.binary().count(), p.binary().truePositives() + p.binary().trueNegatives()};
    }
    if (p.multiclass() != null) {
      return new long[] {p.multiclass().count(), Math.round(p.multiclass().accuracy() * p.multiclass().count())};
    }
    return new long[2];
  }

  /**
   * The gauges of every version in the store: from the restored store when the task starts, and at every emit, so
   * that a version whose windows seal hours apart keeps its gauges (they go when not renewed for the stale time).
   */
  void showAll(String owner, long nowMs) {
    store.forEach((key, v) -> {
      int split = key.indexOf(SEPARATOR);
      show(key.substring(0, split), key.substring(split + 1), v, owner, nowMs);
    });
  }

  private void show(String model, String version, VersionAccuracy v, String owner, long nowMs) {
    for (String action : List.of(AccuracyDropRule.REALIZED, AccuracyDropRule.ESTIMATED)) {
      metrics.show(model, version, action, v.open(action), owner, nowMs);
    }
  }

  /**
   * Drops the state of versions whose last sealed window starts {@code versions.forget-after} before the window just
   * sealed (windows seal in order of start, whatever the pace of the seal): such a version would start afresh at its
   * next window anyway ({@link VersionAccuracy}), so this only frees the store; an open episode of a version that
   * stopped ends without a cleared record.
   */
  private void forgetStopped(long sealedStart) {
    for (String k : new ArrayList<>(store.keys())) {
      if (sealedStart - store.get(k).lastWindowStart() > settings.forgetAfterMs()) {
        store.delete(k);
      }
    }
  }
}
