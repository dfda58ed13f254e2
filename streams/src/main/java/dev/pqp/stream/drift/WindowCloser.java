package dev.pqp.stream.drift;

import dev.pqp.drift.MergedSpan;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.topology.store.Table;
import dev.pqp.window.PredictionDrift;
import dev.pqp.window.WindowEvaluator;
import dev.pqp.window.WindowOutcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage 2 without Kafka: merges the partials of each version's windows; when the {@link ClosePolicy} says a
 * window may close, finalizes every version's window due: keeps its profile in the {@link History},
 * evaluates it once ({@link WindowEvaluator}, against its reference, the same window 24 h earlier and the
 * versions it is compared with) and hands the records and the outcome to the {@link WindowSink}. Partials
 * of an already finalized window are counted as late and dropped. The processor ({@link WindowFinalizer})
 * binds the stores and the clock; a unit test drives this class with plain tables.
 */
final class WindowCloser implements StageOne.Handler {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WindowCloser.class);
  private static final long DAY_MS = Duration.ofDays(1).toMillis();
  /** The most windows a low-traffic version's feature is merged over for its drift verdict. */
  static final int MAX_MERGED = 60;
  /** Wall-clock time between two looks for versions to forget. */
  private static final long FORGET_SWEEP_MS = 60_000;

  /** The finalized profiles of the retention, for the 24 h and version comparisons. */
  interface History {
    void keep(WindowKey key, byte[] encodedProfile);

    /** The kept profile of the window; null if none. */
    WindowProfile get(WindowKey key);

    void forget(VersionKey version);

    /** The starts of at most {@code max} of the version's kept windows that start before {@code before}, latest first. */
    List<Long> latest(VersionKey version, long before, int max);
  }

  /** The published training references. */
  interface References {
    /** The reference of the version, or null. */
    ReferenceProfile reference(VersionKey version, long nowMs);
  }

  /** The state stage 2 works on: open windows, per-model and per-version state, history and references. */
  record State(Table<WindowKey, WindowProfile> open, Table<String, ModelState> models,
      Table<VersionKey, VersionState> versions, History history, References references) {}

  private final Stage2Settings s;
  private final WindowEvaluator evaluator;
  private final State stores;
  private final WindowSink sink;
  private final ClosePolicy policy;
  private final Table<WindowKey, WindowProfile> open;
  private final Table<String, ModelState> models;
  private final Table<VersionKey, VersionState> versions;
  private final Map<WindowKey, Long> lastPartialWallMs = new HashMap<>();
  /** Versions whose newest event time this instance published since the task started. */
  private final Set<VersionKey> freshnessPublished = new HashSet<>();
  private long lastForgetSweepMs;
  /** The wall-clock time of the message or tick being handled. */
  private long now;

  WindowCloser(Stage2Settings settings, WindowEvaluator evaluator, State state, WindowSink sink) {
    this.s = settings;
    this.evaluator = evaluator;
    this.stores = state;
    this.sink = sink;
    this.open = state.open();
    this.models = state.models();
    this.versions = state.versions();
    this.policy = new ClosePolicy(settings.windows(), settings.sources(), settings.idleFlushMs());
  }

  /** Handles one message of a stage-1 task, received at wall time {@code nowMs}, and finalizes what is due. */
  void accept(String model, long timestamp, StageOne message, long nowMs) {
    this.now = nowMs;
    message.deliver(model, timestamp, this);
  }

  /** Finalizes what the wall clock makes due, and forgets stopped versions once a minute. */
  void tick(long wallMs) {
    this.now = wallMs;
    finalizeDue(true);
    if (wallMs - lastForgetSweepMs >= FORGET_SWEEP_MS) {
      lastForgetSweepMs = wallMs;
      forgetStoppedVersions();
    }
  }

  @Override
  public void taskTick(long timestamp, StageOne.TaskTick tick) {
    policy.heardTask(tick.source(), timestamp, now, tick.flushedThrough());
  }

  @Override
  public void modelTick(String model, long timestamp, StageOne.ModelTick tick) {
    heard(model, tick.source(), timestamp, tick.flushedThrough());
    tick.newest().forEach((version, t) -> newestEvent(model, version, t));
    finalizeDue(false);
  }

  @Override
  public void partial(String model, long timestamp, StageOne.Partial partial) {
    ModelState modelState = heard(model, partial.source(), timestamp, StageOne.NOT_FLUSHED);
    merge(model, modelState, partial, now);
    finalizeDue(false);
  }

  /** Tells the close policy that {@code source} reached {@code timestamp} for {@code model}; its state. */
  private ModelState heard(String model, int source, long timestamp, long flushedThrough) {
    ModelState modelState = models.get(model);
    if (modelState == null) {
      modelState = new ModelState();
      models.put(model, modelState);
    }
    policy.heard(model, modelState, source, timestamp, now, flushedThrough);
    models.markDirty(model);
    return modelState;
  }

  private void merge(String model, ModelState state, StageOne.Partial partial, long now) {
    WindowProfile profile = partial.profile();
    if (profile.lastEventMs() != WindowProfile.NO_TIME) {
      newestEvent(model, partial.version(), profile.lastEventMs());
    }
    WindowKey key = new WindowKey(new VersionKey(model, partial.version()), partial.windowStart());
    if (s.windows().end(key.start()) <= state.lastFinalizedEnd) {
      state.lateDropped += profile.eventCount();
      sink.droppedLate(profile.eventCount());
      return;
    }
    WindowProfile merged = open.get(key);
    if (merged == null) {
      // read when a window opens, not only when it closes: a newly published reference is decoded now, and its
      // null distributions are drawn in the background before the window is evaluated
      stores.references().reference(key.version(), now);
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
      sink.newestEvent(model, version, newest, now);
    }
  }

  /**
   * Forgets every version whose newest event is older than its model's event time by the forget time and
   * that has no open window: its state (baseline, totals, first seen), its newest event time and its kept
   * windows. So a model redeployed under a new version name every day keeps a bounded state.
   */
  private void forgetStoppedVersions() {
    Set<VersionKey> openVersions = new HashSet<>();
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
        stores.history().forget(v);
        sink.forgotten(v);
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
    long wall = now;
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
      stores.history().keep(key, bytes);
    }
    due.forEach(key -> finalizeWindow(key, encoded.get(key)));
  }

  private void finalizeWindow(WindowKey key, byte[] encodedProfile) {
    VersionKey v = key.version();
    WindowProfile profile = open.get(key);
    VersionState state = versionState(v);
    ReferenceProfile reference = stores.references().reference(v, now);
    if (reference == null) {
      reference = state.baseline.reference(v.model(), v.version(), s.autoWindows());
    }
    long start = key.start();
    long end = s.windows().end(start);
    WindowOutcome outcome = evaluate(key, profile, reference);
    firstSeen(v, state, profile, start);
    state.totals.add(outcome);
    sink.overflowed(profile.overflowFeatures(), categoryTail(profile));
    if (reference == null || reference.kind() == ReferenceKind.AUTO) {
      state.baseline.add(start, profile, s.autoWindows(), s.profileConfig());
      if (reference == null && state.baseline.complete(s.autoWindows())) {
        sink.referenceReady(state.baseline.reference(v.model(), v.version(), s.autoWindows()));
      }
    }
    versions.markDirty(v);
    sink.finalized(key, outcome, encodedProfile, state.totals, state.firstSeenMs, now);
    ModelState model = models.get(v.model());
    model.lastFinalizedEnd = Math.max(model.lastFinalizedEnd, end);
    models.markDirty(v.model());
    open.delete(key);
    lastPartialWallMs.remove(key);
  }

  private WindowOutcome evaluate(WindowKey key, WindowProfile profile, ReferenceProfile reference) {
    VersionKey v = key.version();
    return evaluator.evaluate(v.model(), v.version(), key.start(), s.windows().end(key.start()), profile, reference,
        baselines(key), reference == null ? null : merged(key, profile));
  }

  /**
   * For a window with features short of {@code drift.min-count} values (some, not none: a low-traffic version): those
   * features merged with the kept windows before it, latest first, until each holds the minimum or {@value
   * #MAX_MERGED} windows are merged; null when no feature is short or no earlier window is kept. Only with a
   * reference: drift is all it serves.
   */
  private MergedSpan merged(WindowKey key, WindowProfile profile) {
    Map<String, FeatureProfile> shortOnes = new HashMap<>();
    profile.features().forEach((name, f) -> {
      if (f.count() > 0 && f.count() < s.minCount()) {
        shortOnes.put(name, f.copy());
      }
    });
    if (shortOnes.isEmpty()) {
      return null; // the common case: no read of the history
    }
    long first = key.start();
    int windows = 1;
    for (long start : stores.history().latest(key.version(), key.start(), MAX_MERGED - 1)) {
      if (shortOnes.values().stream().allMatch(f -> f.count() >= s.minCount())) {
        break;
      }
      WindowProfile earlier = stores.history().get(new WindowKey(key.version(), start));
      shortOnes.forEach((name, f) -> {
        FeatureProfile e = earlier.features().get(name);
        if (e != null && e.kind() == f.kind()) {
          f.merge(e);
        }
      });
      first = start;
      windows++;
    }
    return windows == 1 ? null : new MergedSpan(shortOnes, first, windows);
  }

  /**
   * Shows every version's latest finalized window again, re-evaluated from its kept profile exactly as it was
   * evaluated (the same profile, reference and baselines; a window that went into the automatic baseline without
   * it): what a task that starts shows at once (a version moved from a crashed instance, a restart) rather than
   * at the version's next window, up to a window and its grace later. Its records are not written again.
   */
  void republish(long wallMs) {
    this.now = wallMs;
    for (VersionKey v : versions.keys()) {
      List<Long> latest = stores.history().latest(v, Long.MAX_VALUE, 1);
      if (latest.isEmpty()) {
        continue; // past the retention: the version shows at its next window
      }
      WindowKey key = new WindowKey(v, latest.get(0));
      VersionState state = versions.get(v);
      ReferenceProfile reference = stores.references().reference(v, now);
      if (reference == null && !inBaseline(v, state)) {
        reference = state.baseline.reference(v.model(), v.version(), s.autoWindows());
      }
      sink.restored(evaluate(key, stores.history().get(key), reference), state.totals, state.firstSeenMs, now);
    }
  }

  /** Whether the version's latest window is one of the first windows its automatic baseline was made of. */
  private boolean inBaseline(VersionKey v, VersionState state) {
    if (!state.baseline.complete(s.autoWindows())) {
      return false;
    }
    long baselineStart = state.baseline.start();
    int windows = state.baseline.windows();
    return stores.history().latest(v, Long.MAX_VALUE, windows + 1).stream().filter(t -> t >= baselineStart).count()
        <= windows;
  }

  private VersionState versionState(VersionKey v) {
    VersionState state = versions.get(v);
    if (state == null) {
      state = new VersionState();
      versions.put(v, state);
    }
    return state;
  }

  /** Records when a version was first seen, at its first finalized window, and says so in the log. */
  private static void firstSeen(VersionKey v, VersionState state, WindowProfile profile, long start) {
    if (state.firstSeenMs != Long.MIN_VALUE) {
      return;
    }
    state.firstSeenMs = profile.firstEventMs() == WindowProfile.NO_TIME ? start : profile.firstEventMs();
    LOG.atInfo().addKeyValue("model_name", v.model()).addKeyValue("model_version", v.version())
        .log("new model version {}/{}: first event at {}", v.model(), v.version(),
            java.time.Instant.ofEpochMilli(state.firstSeenMs));
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
    WindowProfile dayBefore = stores.history().get(new WindowKey(key.version(), key.start() - DAY_MS));
    if (dayBefore != null) {
      out.put(PredictionDrift.DAY_BEFORE, dayBefore);
    }
    String other = s.comparisons().getOrDefault(key.version().model(), Map.of()).get(key.version().version());
    if (other != null) {
      WindowProfile champion = stores.history().get(new WindowKey(new VersionKey(key.version().model(), other), key.start()));
      if (champion != null) {
        out.put(PredictionDrift.version(other), champion);
      }
    }
    return out;
  }
}
