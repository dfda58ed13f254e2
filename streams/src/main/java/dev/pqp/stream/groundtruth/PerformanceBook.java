package dev.pqp.stream.groundtruth;

import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.Calibration;
import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import dev.pqp.outcome.PerformanceMetrics;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.stream.groundtruth.JoinRecords.Counted;
import dev.pqp.stream.groundtruth.JoinRecords.Joined;
import dev.pqp.stream.groundtruth.JoinRecords.Out;
import dev.pqp.topology.store.Table;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Performance per (model, version, prediction-time window), without Kafka: fed by {@link GroundTruthJoin}'s
 * messages keyed {@code model/version}, so that one task holds every window of a version, it merges the
 * outcomes each join task aggregated since its last hand-over into the window's {@link PerformanceProfile}
 * and {@link Calibration} (or adds one outcome, as releases up to 0.3 sent them), and prediction counts and
 * scores to its totals.
 *
 * <p>Every {@code emitInterval} of wall-clock time it emits, for each window that got labels or
 * predictions since its last record, one {@code ml.quality.performance} record (an upsert, so a window's
 * figures converge as its labels arrive): realized figures once the window has {@code minLabels} labels;
 * before that, when the version's calibration (the merge of its retained windows' calibrations) is
 * thick enough, figures estimated from the window's score histogram ({@link CbpeEstimate},
 * {@code estimated=true}); otherwise a provisional record: the counts of the few labels there are, no figure. It also shows, on its
 * {@link PerformanceSink}, the latest window with enough labels, the latest window with enough
 * predictions to estimate, and each rolling horizon of prediction time (windows that started within the
 * horizon before this task's stream time).
 *
 * <p>A window is dropped once every join task that reported its progress ({@link JoinRecords.Progress},
 * sent to every task here) has expired the predictions up to the window's end: none of them can send a
 * label or a count for it any more. The largest such time is kept ({@code sealed}) and a record for a window
 * it sealed is left out rather than starting the window again from that record alone (which, an upsert on a
 * compacted topic, would replace the window's figures): only a prediction that reached its join task after
 * its own expiry (counted {@code expired} there) can send one. {@link PerformanceAggregator} binds it to
 * its stores and the wall clock.
 */
final class PerformanceBook implements Out.Handler {
  private final PerformanceAggregator.Settings s;
  private final Table<String, PerformanceWindow> open;
  private final Table<AggregationKey, Long> time;
  private final PerformanceSink sink;

  PerformanceBook(PerformanceAggregator.Settings settings, Table<String, PerformanceWindow> open,
      Table<AggregationKey, Long> time, PerformanceSink sink) {
    this.s = settings;
    this.open = open;
    this.time = time;
    this.sink = sink;
  }

  /** Takes one message of a join task, whose record carried {@code timestamp}. */
  void accept(Out message, long timestamp) {
    Long t = time.get(AggregationKey.Time.STREAM_TIME);
    if (t == null || timestamp > t) {
      time.put(AggregationKey.Time.STREAM_TIME, timestamp);
    }
    message.deliver(this);
  }

  @Override
  public void counted(Counted c) {
    PerformanceWindow w = window(c.model, c.version, c.windowStart);
    if (w == null) {
      return;
    }
    if (c.outcomes != null && c.outcomes.positiveClass().equals(w.positiveClass())) {
      w.profile.merge(c.outcomes);
      w.calibration.merge(c.calibration);
    }
    // outcomes aggregated with another positive class (ground-truth.positive-label changed while the window
    // was open) cannot merge into its figures: the window keeps its own, and its counts still add up
    if (c.business != null) {
      w.business.merge(c.business);
    }
    w.predictions += c.predictions;
    w.sampledPredictions += c.sampled;
    for (int b = 0; b < Calibration.BUCKETS; b++) {
      w.scoreBuckets[b] += c.scoreBuckets[b];
    }
    changed(w);
  }

  @Override
  public void joined(Joined j) {
    PerformanceWindow w = window(j.model(), j.version(), s.windows().start(j.outcome().predictionTimeMs()));
    if (w == null) {
      return;
    }
    w.profile.add(j.outcome());
    w.calibration.add(j.outcome(), s.positiveClass());
    changed(w);
  }

  private void changed(PerformanceWindow w) {
    w.unemitted = true;
    open.markDirty(PerformanceAggregator.windowKey(w.model, w.version, w.start));
  }

  /** A join task's progress; the windows it completes are dropped at the next emit. */
  @Override
  public void progress(JoinRecords.Progress p) {
    AggregationKey key = new AggregationKey.JoinTask(p.partition());
    Long known = time.get(key);
    if (known != null && known >= p.expiredThrough()) {
      return;
    }
    time.put(key, p.expiredThrough());
    long all = Long.MAX_VALUE;
    for (AggregationKey k : time.keys()) {
      if (k instanceof AggregationKey.JoinTask) {
        all = Math.min(all, time.get(k));
      }
    }
    long before = sealed();
    if (all > before) {
      time.put(AggregationKey.Time.SEALED, all);
      sealedSince(before);
    }
  }

  /**
   * Hands the windows the seal has just passed to the sink, in order of start: their labels are final,
   * so what is decided on them is the same at every pace and replay. They are still held (a window goes at the emit
   * after its seal).
   */
  private void sealedSince(long before) {
    List<PerformanceWindow> sealedNow = new ArrayList<>();
    for (String key : open.keys()) {
      PerformanceWindow w = open.get(key);
      long expiry = s.windows().end(w.start) + s.maxDelayMs();
      if (expiry > before && isSealed(w.start)) {
        sealedNow.add(w);
      }
    }
    // by start first: windows of equal size seal in order of start, so this order is the same whatever the pace of
    // the seal (what one step seals all starts after what the step before sealed)
    sealedNow.sort(Comparator.comparingLong((PerformanceWindow w) -> w.start).thenComparing(w -> w.model)
        .thenComparing(w -> w.version));
    for (PerformanceWindow w : sealedNow) {
      sink.sealed(w, s.windows().end(w.start), PerformanceMetrics.of(w.profile, w.sampledPredictions));
    }
  }

  private long sealed() {
    Long sealed = time.get(AggregationKey.Time.SEALED);
    return sealed == null ? Long.MIN_VALUE : sealed;
  }

  private boolean isSealed(long windowStart) {
    return s.windows().end(windowStart) + s.maxDelayMs() <= sealed();
  }

  /** The window, created when new; null when it was sealed (and dropped). */
  private PerformanceWindow window(String model, String version, long start) {
    String key = PerformanceAggregator.windowKey(model, version, start);
    PerformanceWindow w = open.get(key);
    if (w == null) {
      if (isSealed(start)) {
        return null;
      }
      w = new PerformanceWindow(model, version, start, emptyProfile());
      open.put(key, w);
    }
    return w;
  }

  private PerformanceProfile emptyProfile() {
    return PerformanceProfile.create(s.positiveClass(), PerformanceProfile.DEFAULT_K, PerformanceProfile.DEFAULT_CLASS_CAP);
  }

  /** Emits every window changed since the last emit and shows the latest figures; drops sealed windows. */
  void emit(long wallMs) {
    Long streamTime = time.get(AggregationKey.Time.STREAM_TIME);
    long timestamp = streamTime == null ? wallMs : streamTime;
    for (List<PerformanceWindow> windows : byVersion(true).values()) {
      Calibration calibration = calibration(windows);
      for (PerformanceWindow w : windows) {
        if (w.unemitted) {
          emit(w, calibration, timestamp, wallMs);
        }
      }
      showRolling(windows, calibration, streamTime, wallMs);
    }
    sink.expire(wallMs);
  }

  /**
   * Shows each version's figures from the restored windows when the task starts (a restart, or versions moved here
   * from a crashed instance): its latest realized window, estimate and horizons at once, rather than at the next
   * emit ({@code performance.emit-interval} later) or the next label. Writes nothing.
   */
  void restored(long wallMs) {
    Long streamTime = time.get(AggregationKey.Time.STREAM_TIME);
    for (List<PerformanceWindow> windows : byVersion(false).values()) {
      for (int i = windows.size() - 1; i >= 0; i--) {
        PerformanceWindow w = windows.get(i);
        if (w.profile.labelled() >= s.minLabels()) {
          sink.realized(w, PerformanceMetrics.of(w.profile, w.sampledPredictions), wallMs);
          break;
        }
      }
      showRolling(windows, calibration(windows), streamTime, wallMs);
    }
  }

  private static Calibration calibration(List<PerformanceWindow> windows) {
    Calibration calibration = new Calibration();
    windows.forEach(w -> calibration.merge(w.calibration));
    return calibration;
  }

  /** The figures that follow the latest windows rather than one: the estimate and, with a stream time, horizons. */
  private void showRolling(List<PerformanceWindow> windows, Calibration calibration, Long streamTime, long wallMs) {
    showEstimate(windows, calibration, wallMs);
    if (streamTime != null) {
      showHorizons(windows, streamTime, wallMs);
      showBusiness(windows, streamTime, wallMs);
    }
  }

  /**
   * The business outcomes of the latest window that ended (by this task's stream time) with at least
   * {@code minLabels} predictions in the join sample, and of each horizon's windows merged once they hold as many:
   * the rate of a later outcome is low in a window whose outcomes are still arriving, as a label's coverage is.
   */
  private void showBusiness(List<PerformanceWindow> windows, long streamTime, long wallMs) {
    PerformanceWindow any = windows.get(0);
    PerformanceWindow latest = null;
    for (int i = windows.size() - 1; i >= 0 && latest == null; i--) {
      PerformanceWindow w = windows.get(i);
      if (s.windows().end(w.start) <= streamTime && w.sampledPredictions >= s.minLabels()) {
        latest = w;
      }
    }
    business(any, null, latest == null ? null : latest.business, latest == null ? 0 : latest.sampledPredictions, wallMs);
    for (Duration horizon : s.horizons()) {
      BusinessOutcomes merged = new BusinessOutcomes();
      long sampled = 0;
      for (PerformanceWindow w : windows) {
        if (w.start >= streamTime - horizon.toMillis()) {
          merged.merge(w.business);
          sampled += w.sampledPredictions;
        }
      }
      business(any, horizon, merged, sampled, wallMs);
    }
  }

  private void business(PerformanceWindow any, Duration horizon, BusinessOutcomes outcomes, long sampled, long wallMs) {
    if (outcomes != null && !outcomes.isEmpty() && sampled >= s.minLabels()) {
      sink.business(any.model, any.version, horizon, outcomes.figures(sampled), wallMs);
    } else {
      sink.clearBusiness(any.model, any.version, horizon);
    }
  }

  /**
   * The windows still retained, per version in a stable order, each version's sorted by start; sealed emitted
   * windows are dropped from the store when {@code dropSealed}, else left out.
   */
  private Map<String, List<PerformanceWindow>> byVersion(boolean dropSealed) {
    Map<String, List<PerformanceWindow>> byVersion = new TreeMap<>();
    for (String key : new ArrayList<>(open.keys())) {
      PerformanceWindow w = open.get(key);
      if (!w.unemitted && isSealed(w.start)) {
        if (dropSealed) {
          open.delete(key);
        }
      } else {
        byVersion.computeIfAbsent(PerformanceAggregator.versionKey(w.model, w.version), v -> new ArrayList<>()).add(w);
      }
    }
    byVersion.values().forEach(l -> l.sort(Comparator.comparingLong(w -> w.start)));
    return byVersion;
  }

  private void emit(PerformanceWindow w, Calibration calibration, long timestamp, long wallMs) {
    Performance p = PerformanceMetrics.of(w.profile, w.sampledPredictions);
    boolean realized = p.labelled() >= s.minLabels();
    Optional<CbpeEstimate> estimate = realized ? Optional.empty() : estimate(w, calibration);
    sink.window(w, p, estimate.orElse(null), timestamp);
    if (realized) {
      sink.realized(w, p, wallMs);
    }
    w.unemitted = false;
    open.markDirty(PerformanceAggregator.windowKey(w.model, w.version, w.start));
  }

  private Optional<CbpeEstimate> estimate(PerformanceWindow w, Calibration calibration) {
    return CbpeEstimate.of(calibration, w.scoreBuckets, s.estimateMinLabels());
  }

  /** The estimate of the latest window with at least {@code minLabels} scored predictions, if it has one. */
  private void showEstimate(List<PerformanceWindow> windows, Calibration calibration, long wallMs) {
    for (int i = windows.size() - 1; i >= 0; i--) {
      PerformanceWindow w = windows.get(i);
      if (w.scored() >= s.minLabels()) {
        Optional<CbpeEstimate> e = estimate(w, calibration);
        if (e.isPresent()) {
          sink.estimate(w, e.get(), wallMs);
        } else {
          sink.clearEstimate(w.model, w.version);
        }
        return;
      }
    }
  }

  /** Each horizon's realized figures, over the windows that started within it, once it has enough labels. */
  private void showHorizons(List<PerformanceWindow> windows, long streamTime, long wallMs) {
    PerformanceWindow any = windows.get(0);
    for (Duration horizon : s.horizons()) {
      PerformanceProfile merged = emptyProfile();
      long sampled = 0;
      for (PerformanceWindow w : windows) {
        if (w.start >= streamTime - horizon.toMillis()) {
          merged.merge(w.profile);
          sampled += w.sampledPredictions;
        }
      }
      if (merged.labelled() >= s.minLabels()) {
        sink.horizon(any.model, any.version, horizon, PerformanceMetrics.of(merged, sampled), wallMs);
      } else {
        sink.clearHorizon(any.model, any.version, horizon);
      }
    }
  }
}
