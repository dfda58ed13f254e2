package dev.pqp.topology;

import dev.pqp.export.PerformanceGauges;
import dev.pqp.outcome.Calibration;
import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import dev.pqp.outcome.PerformanceMetrics;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.topology.JoinRecords.Counted;
import dev.pqp.topology.JoinRecords.Joined;
import dev.pqp.topology.store.HeapStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Performance per (model, version, prediction-time window), fed by {@link GroundTruthJoin} keyed
 * {@code model/version}, so that one task holds every window of a version: adds outcomes to the window's
 * {@link PerformanceProfile} and {@link Calibration}, and prediction counts and scores to its totals.
 *
 * <p>Every {@code emitInterval} of wall-clock time it emits, for each window that got labels or
 * predictions since its last record, one {@code ml.quality.performance} record (an upsert, so a window's
 * figures converge as its labels arrive): realized figures once the window has {@code minLabels} labels;
 * before that, when the version's calibration (the merge of its retained windows' calibrations) is
 * thick enough, figures estimated from the window's score histogram ({@link CbpeEstimate},
 * {@code estimated=true}); otherwise the realized figures of the few labels there are. It also hands the
 * {@link PerformanceGauges} the latest window with enough labels, the latest window with enough
 * predictions to estimate, and each rolling horizon of prediction time (windows that started within the
 * horizon before this task's stream time). A window is dropped when stream time passed its end by
 * {@code maxDelay} and {@link #LAG_ALLOWANCE_MS}: no label can reach it any more.
 */
final class PerformanceAggregator implements Processor<String, byte[], String, Object> {
  static final String WINDOWS = "performance-windows";
  static final String TIME = "performance-time";
  private static final String STREAM_TIME = "stream-time";
  /**
   * How far behind the newest join task another may be and still reach a window: stream time here is the
   * largest timestamp of any join task, and a task that restarted or lags re-sends counts and outcomes of
   * older windows; a window dropped before they come would start again from them alone. A stopgap until the
   * join's tasks report their own progress (as stage 1's do to stage 2) and a window is dropped when all of
   * them passed it.
   */
  static final long LAG_ALLOWANCE_MS = 3_600_000L;

  /** Everything an aggregator needs besides its stores. */
  record Settings(Windows windows, long maxDelayMs, Duration emitInterval, double sampleRate, int minLabels,
      PositiveClass positiveClass, List<Duration> horizons, int estimateMinLabels, PerformanceGauges gauges) {}

  private final Settings s;
  private ProcessorContext<String, Object> context;
  private HeapStore<String, PerformanceWindow> open;
  private HeapStore<String, Long> time;
  private String owner;

  PerformanceAggregator(Settings settings) {
    this.s = settings;
  }

  static String versionKey(String model, String version) {
    return model + "/" + version;
  }

  static String windowKey(String model, String version, long start) {
    return model + "/" + version + "/" + start;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.open = context.getStateStore(WINDOWS);
    this.time = context.getStateStore(TIME);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    context.schedule(s.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emit);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Long t = time.get(STREAM_TIME);
    if (t == null || record.timestamp() > t) {
      time.put(STREAM_TIME, record.timestamp());
    }
    PerformanceWindow w;
    if (JoinRecords.tag(record.value()) == JoinRecords.COUNTED) {
      Counted c = JoinRecords.decodeCounted(record.value());
      w = window(c.model, c.version, c.windowStart);
      w.predictions += c.predictions;
      w.sampledPredictions += c.sampled;
      for (int b = 0; b < Calibration.BUCKETS; b++) {
        w.scoreBuckets[b] += c.scoreBuckets[b];
      }
    } else {
      Joined j = JoinRecords.decodeJoined(record.value());
      w = window(j.model(), j.version(), s.windows().start(j.outcome().predictionTimeMs()));
      w.profile.add(j.outcome());
      w.calibration.add(j.outcome(), s.positiveClass());
    }
    w.unemitted = true;
    open.markDirty(windowKey(w.model, w.version, w.start));
  }

  private PerformanceWindow window(String model, String version, long start) {
    String key = windowKey(model, version, start);
    PerformanceWindow w = open.get(key);
    if (w == null) {
      w = new PerformanceWindow(model, version, start, emptyProfile());
      open.put(key, w);
    }
    return w;
  }

  private PerformanceProfile emptyProfile() {
    return PerformanceProfile.create(s.positiveClass(), PerformanceProfile.DEFAULT_K, PerformanceProfile.DEFAULT_CLASS_CAP);
  }

  private void emit(long wallMs) {
    Long streamTime = time.get(STREAM_TIME);
    long timestamp = streamTime == null ? wallMs : streamTime;
    for (List<PerformanceWindow> windows : retainedByVersion(streamTime).values()) {
      Calibration calibration = new Calibration();
      windows.forEach(w -> calibration.merge(w.calibration));
      for (PerformanceWindow w : windows) {
        if (w.unemitted) {
          emit(w, calibration, timestamp, wallMs);
        }
      }
      showEstimate(windows, calibration, wallMs);
      if (streamTime != null) {
        showHorizons(windows, streamTime, wallMs);
      }
    }
    s.gauges().expire(wallMs, s.maxDelayMs());
  }

  /** The windows still retained, per version in a stable order, each version's sorted by start. */
  private Map<String, List<PerformanceWindow>> retainedByVersion(Long streamTime) {
    Map<String, List<PerformanceWindow>> byVersion = new TreeMap<>();
    for (String key : new ArrayList<>(open.keys())) {
      PerformanceWindow w = open.get(key);
      if (streamTime != null && s.windows().end(w.start) + s.maxDelayMs() + LAG_ALLOWANCE_MS < streamTime && !w.unemitted) {
        open.delete(key);
      } else {
        byVersion.computeIfAbsent(versionKey(w.model, w.version), v -> new ArrayList<>()).add(w);
      }
    }
    byVersion.values().forEach(l -> l.sort(Comparator.comparingLong(w -> w.start)));
    return byVersion;
  }

  private void emit(PerformanceWindow w, Calibration calibration, long timestamp, long wallMs) {
    Performance p = PerformanceMetrics.of(w.profile, w.sampledPredictions);
    boolean realized = p.labelled() >= s.minLabels();
    Optional<CbpeEstimate> estimate = realized ? Optional.empty() : estimate(w, calibration);
    context.forward(new Record<>(windowKey(w.model, w.version, w.start),
        PerformanceRecords.of(w, p, estimate.orElse(null), s.windows(), s.sampleRate()), timestamp));
    if (realized) {
      s.gauges().update(w.model, w.version, w.start, p, owner, wallMs);
    }
    w.unemitted = false;
    open.markDirty(windowKey(w.model, w.version, w.start));
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
          s.gauges().estimate(w.model, w.version, w.start, e.get(), owner, wallMs);
        } else {
          s.gauges().clearEstimate(w.model, w.version);
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
        s.gauges().horizon(any.model, any.version, horizon, PerformanceMetrics.of(merged, sampled), owner, wallMs);
      } else {
        s.gauges().clearHorizon(any.model, any.version, horizon);
      }
    }
  }

  @Override
  public void close() {
    s.gauges().release(owner);
  }
}
