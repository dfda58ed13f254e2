package dev.pqp.stream.drift;

import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.stream.Windows;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.export.WindowOutputs;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.status.WindowSummary;
import dev.pqp.topology.store.HeapStore;
import dev.pqp.window.PredictionDrift;
import dev.pqp.window.WindowEvaluator;
import dev.pqp.window.WindowOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2, keyed by model: merges the partials of each version's windows; when the {@link ClosePolicy}
 * says a window may close, finalizes every version's window due: keeps its profile in the
 * {@link ProfileHistory}, evaluates it once ({@link WindowEvaluator}, against its reference, the same
 * window 24 h earlier and the versions it is compared with) and hands the outcome to {@link WindowOutputs}
 * for the derived records and the gauges; publishes the profile and keeps the window's summary for the
 * status page ({@link StatusHistory}). Partials of an already finalized window
 * are counted as late and dropped.
 */
final class WindowFinalizer implements Processor<String, StageOne, String, FinalizedWindow>, StageOne.Handler {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WindowFinalizer.class);
  static final String WINDOWS = "stage2-windows";
  static final String MODELS = "stage2-models";
  static final String VERSIONS = "stage2-versions";
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  /** Wall-clock time between two looks for versions to forget. */
  private static final long FORGET_SWEEP_MS = 60_000;

  /** Everything a finalizer needs besides its stores; shared by the tasks of an instance. */
  record Settings(Windows windows, ProfileConfig profileConfig, WindowEvaluator evaluator, int autoWindows, int bins,
      long idleFlushMs, long staleMs, long retentionMs, long forgetAfterMs, int sources, Map<String, Map<String, String>> comparisons,
      WindowOutputs outputs, PipelineMetrics metrics, int statusWindows) {}

  private final Settings s;
  private final ClosePolicy policy;
  private final Map<WindowKey, Long> lastPartialWallMs = new HashMap<>();
  /** Versions whose newest event time this instance published since the task started. */
  private final java.util.Set<VersionKey> freshnessPublished = new java.util.HashSet<>();
  private ProcessorContext<String, FinalizedWindow> context;
  private HeapStore<WindowKey, WindowProfile> open;
  private HeapStore<String, ModelState> models;
  private HeapStore<VersionKey, VersionState> versions;
  private ProfileHistory history;
  private StatusHistory status;
  private ReferenceLookup references;
  private String owner;
  private long lastForgetSweepMs;

  WindowFinalizer(Settings settings) {
    this.s = settings;
    this.policy = new ClosePolicy(settings.windows(), settings.sources(), settings.idleFlushMs());
  }

  @Override
  public void init(ProcessorContext<String, FinalizedWindow> context) {
    this.context = context;
    this.open = context.getStateStore(WINDOWS);
    this.models = context.getStateStore(MODELS);
    this.versions = context.getStateStore(VERSIONS);
    this.history = new ProfileHistory(context.getStateStore(ProfileHistory.STORE), s.retentionMs());
    this.status = new StatusHistory(context.getStateStore(StatusHistory.STORE), s.statusWindows(), s.retentionMs());
    this.references = ReferenceLookup.of(context, s.bins());
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    lastPartialWallMs.clear(); // a revived task reuses this instance
    freshnessPublished.clear();
    policy.reset();
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, StageOne> record) {
    record.value().deliver(record.key(), record.timestamp(), this);
  }

  @Override
  public void taskTick(long timestamp, StageOne.TaskTick tick) {
    policy.heardTask(tick.source(), timestamp, context.currentSystemTimeMs(), tick.flushedThrough());
  }

  @Override
  public void modelTick(String model, long timestamp, StageOne.ModelTick tick) {
    heard(model, tick.source(), timestamp, tick.flushedThrough());
    tick.newest().forEach((version, t) -> newestEvent(model, version, t));
    finalizeDue(false);
  }

  @Override
  public void partial(String model, long timestamp, StageOne.Partial partial) {
    ModelState state = heard(model, partial.source(), timestamp, StageOne.NOT_FLUSHED);
    merge(model, state, partial, context.currentSystemTimeMs());
    finalizeDue(false);
  }

  /** Tells the close policy that {@code source} reached {@code timestamp} for {@code model}; its state. */
  private ModelState heard(String model, int source, long timestamp, long flushedThrough) {
    ModelState state = models.get(model);
    if (state == null) {
      state = new ModelState();
      models.put(model, state);
    }
    policy.heard(model, state, source, timestamp, context.currentSystemTimeMs(), flushedThrough);
    models.markDirty(model);
    return state;
  }

  private void merge(String model, ModelState state, StageOne.Partial partial, long now) {
    WindowProfile profile = partial.profile();
    if (profile.lastEventMs() != WindowProfile.NO_TIME) {
      newestEvent(model, partial.version(), profile.lastEventMs());
    }
    WindowKey key = new WindowKey(new VersionKey(model, partial.version()), partial.windowStart());
    if (s.windows().end(key.start()) <= state.lastFinalizedEnd) {
      state.lateDropped += profile.eventCount();
      s.metrics().latePartialDropped(profile.eventCount());
      return;
    }
    WindowProfile merged = open.get(key);
    if (merged == null) {
      open.put(key, profile);
    } else {
      merged.merge(profile);
      open.markDirty(key);
    }
    lastPartialWallMs.put(key, now);
  }

  private void newestEvent(String model, String version, long eventMs) {
    ModelState state = models.get(model);
    if (eventMs < state.forgetBefore(s.forgetAfterMs())) {
      return; // a stage-1 task that has not forgotten the version yet must not bring it back
    }
    Long before = state.newestEventMs.get(version);
    long newest = state.newestEventMs.merge(version, eventMs, Math::max);
    // only news renews the version's series: a version that stopped goes stale and its series expire
    if (before == null || newest > before || freshnessPublished.add(new VersionKey(model, version))) {
      s.outputs().newestEvent(model, version, newest, owner, context.currentSystemTimeMs());
    }
  }

  private void punctuate(long wallMs) {
    finalizeDue(true);
    s.outputs().expire(wallMs, s.staleMs());
    status.sweep(wallMs);
    if (wallMs - lastForgetSweepMs >= FORGET_SWEEP_MS) {
      lastForgetSweepMs = wallMs;
      forgetStoppedVersions();
    }
  }

  /**
   * Forgets every version whose newest event is older than its model's event time by the forget time and
   * that has no open window: its state (baseline, totals, first seen), its newest event time and its kept
   * windows. So a model redeployed under a new version name every day keeps a bounded state.
   */
  private void forgetStoppedVersions() {
    java.util.Set<VersionKey> openVersions = new java.util.HashSet<>();
    open.keys().forEach(k -> openVersions.add(k.version()));
    for (String model : new ArrayList<>(models.keys())) {
      ModelState state = models.get(model);
      long before = state.forgetBefore(s.forgetAfterMs());
      List<String> stopped = new ArrayList<>();
      state.newestEventMs.forEach((version, t) -> {
        if (t < before && !openVersions.contains(new VersionKey(model, version))) {
          stopped.add(version);
        }
      });
      for (String version : stopped) {
        VersionKey v = new VersionKey(model, version);
        state.newestEventMs.remove(version);
        versions.delete(v);
        history.forget(v);
        status.forget(v);
        freshnessPublished.remove(v);
        LOG.atInfo().addKeyValue("model_name", model).addKeyValue("model_version", version)
            .log("forgot model version {}/{}: no event for {} ms of event time", model, version, s.forgetAfterMs());
      }
      if (!stopped.isEmpty()) {
        models.markDirty(model);
      }
    }
  }

  private void finalizeDue(boolean wallClock) {
    long wall = context.currentSystemTimeMs();
    List<WindowKey> due = new ArrayList<>();
    for (WindowKey key : open.keys()) {
      String model = key.version().model();
      // after a restart the heap map is empty: count the idle time from now, not from the epoch
      long lastPartial = lastPartialWallMs.computeIfAbsent(key, k -> wall);
      if (policy.closes(model, models.get(model), key.start(), lastPartial, wall, wallClock)) {
        due.add(key);
      }
    }
    // oldest first for every version, so the automatic baseline takes the first windows; every due window
    // is kept in the history before any is evaluated, so that versions compared with each other see each
    // other's window of the same pass
    due.sort(WindowKey.OLDEST_FIRST);
    Map<WindowKey, byte[]> encoded = new HashMap<>();
    for (WindowKey key : due) {
      byte[] bytes = ProfileCodec.encode(open.get(key));
      encoded.put(key, bytes);
      history.keep(key, bytes);
    }
    due.forEach(key -> finalizeWindow(key, encoded.get(key)));
  }

  private void finalizeWindow(WindowKey key, byte[] encodedProfile) {
    VersionKey v = key.version();
    WindowProfile profile = open.get(key);
    VersionState state = versions.get(v);
    if (state == null) {
      state = new VersionState();
      versions.put(v, state);
    }
    long now = context.currentSystemTimeMs();
    ReferenceProfile reference = references.reference(v, now);
    if (reference == null) {
      reference = state.baseline.reference(v.model(), v.version(), s.autoWindows());
    }
    long start = key.start();
    long end = s.windows().end(start);
    WindowOutcome outcome = s.evaluator().evaluate(v.model(), v.version(), start, end, profile, reference,
        baselines(key));
    if (state.firstSeenMs == Long.MIN_VALUE) {
      state.firstSeenMs = profile.firstEventMs() == WindowProfile.NO_TIME ? start : profile.firstEventMs();
      LOG.atInfo().addKeyValue("model_name", v.model()).addKeyValue("model_version", v.version())
          .log("new model version {}/{}: first event at {}", v.model(), v.version(),
              java.time.Instant.ofEpochMilli(state.firstSeenMs));
    }
    state.totals.add(outcome);
    s.metrics().profileOverflow(profile.overflowFeatures(), categoryTail(profile));
    if (reference == null || reference.kind() == ReferenceKind.AUTO) {
      state.baseline.add(start, profile, s.autoWindows(), s.profileConfig());
    }
    versions.markDirty(v);
    context.forward(new Record<>(v.output(), new FinalizedWindow(v, start, s.outputs().featureDrift(outcome),
        s.outputs().modelWindow(outcome), encodedProfile), end - 1));
    s.outputs().metrics(outcome, state.totals, state.firstSeenMs, owner, now);
    status.keep(key, WindowSummary.of(outcome));
    ModelState model = models.get(v.model());
    model.lastFinalizedEnd = Math.max(model.lastFinalizedEnd, end);
    models.markDirty(v.model());
    open.delete(key);
    lastPartialWallMs.remove(key);
  }

  private static long categoryTail(WindowProfile profile) {
    long n = 0;
    for (FeatureProfile f : profile.features().values()) {
      if (f instanceof CategoricalProfile c) {
        n += c.tailCount();
      }
    }
    return n;
  }

  /** The windows this one's prediction mix is compared with: 24 h earlier, and the configured other version. */
  private Map<String, WindowProfile> baselines(WindowKey key) {
    Map<String, WindowProfile> out = new HashMap<>();
    WindowProfile dayBefore = history.get(new WindowKey(key.version(), key.start() - DAY_MS));
    if (dayBefore != null) {
      out.put(PredictionDrift.DAY_BEFORE, dayBefore);
    }
    String other = s.comparisons().getOrDefault(key.version().model(), Map.of()).get(key.version().version());
    if (other != null) {
      WindowProfile champion = history.get(new WindowKey(new VersionKey(key.version().model(), other), key.start()));
      if (champion != null) {
        out.put(PredictionDrift.version(other), champion);
      }
    }
    return out;
  }

  @Override
  public void close() {
    s.outputs().release(owner); // the task moved away or the instance stops: its gauges go with it
  }
}
