package dev.pqp.topology;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.drift.WindowResult;
import dev.pqp.export.DriftMetrics;
import dev.pqp.export.DriftRecords;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.topology.store.HeapStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2, keyed by (model, version): merges the partials of a window; when stream time passes window end
 * plus grace (or, for an input gone idle, wall-clock time), finalizes it: looks up the reference
 * (training, else the automatic baseline of the version's first windows), evaluates drift, emits one
 * feature-drift record per feature and one model-window record, and updates the gauges. Partials of an
 * already finalized window are counted as late and dropped.
 */
final class WindowFinalizer implements Processor<String, byte[], String, SpecificRecordBase> {
  static final String WINDOWS = "stage2-windows";
  static final String VERSIONS = "stage2-versions";

  private final Windows windows;
  private final ProfileConfig profileConfig;
  private final DriftEvaluator evaluator;
  private final int autoWindows;
  private final int bins;
  private final long idleFlushMs;
  private final long staleMs;
  private final DriftMetrics metrics;
  private final Counter lateDropped;
  private final int sources;
  private final Map<String, Long> lastPartialWallMs = new HashMap<>();
  /** Version key + source partition to the wall time stage 2 last heard from that stage-1 task. */
  private final Map<String, Long> lastHeardWallMs = new HashMap<>();
  /** Version key + source partition to the wall time that source's stream time last advanced. */
  private final Map<String, Long> lastAdvanceWallMs = new HashMap<>();
  private ProcessorContext<String, SpecificRecordBase> context;
  private HeapStore<WindowProfile> open;
  private HeapStore<VersionState> versions;
  private ReferenceLookup references;
  private String owner;

  WindowFinalizer(Windows windows, ProfileConfig profileConfig, DriftEvaluator evaluator, int autoWindows, int bins,
      long idleFlushMs, long staleMs, int sources, DriftMetrics metrics, MeterRegistry registry) {
    this.bins = bins;
    this.sources = sources;
    this.windows = windows;
    this.profileConfig = profileConfig;
    this.evaluator = evaluator;
    this.autoWindows = autoWindows;
    this.idleFlushMs = idleFlushMs;
    this.staleMs = staleMs;
    this.metrics = metrics;
    this.lateDropped = Counter.builder("pqp.late.partials.dropped")
        .description("Events in partials that reached stage 2 after their window was finalized")
        .register(registry);
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecordBase> context) {
    this.context = context;
    this.open = context.getStateStore(WINDOWS);
    this.versions = context.getStateStore(VERSIONS);
    this.references = new ReferenceLookup(context.getStateStore(PqpTopology.REFERENCE_STORE), 10_000, bins);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    lastPartialWallMs.clear(); // a revived task reuses this instance
    lastHeardWallMs.clear();
    lastAdvanceWallMs.clear();
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Partial partial = Partial.decode(record.value());
    String versionKey = record.key();
    VersionState state = versions.get(versionKey);
    if (state == null) {
      state = new VersionState();
      versions.put(versionKey, state);
    }
    Long before = state.sourceTimes.get(partial.source());
    state.sourceTimes.merge(partial.source(), record.timestamp(), Math::max);
    versions.markDirty(versionKey);
    String sourceKey = versionKey + Keys.SEP + partial.source();
    long now = context.currentSystemTimeMs();
    lastHeardWallMs.put(sourceKey, now);
    if (before == null || record.timestamp() > before || !lastAdvanceWallMs.containsKey(sourceKey)) {
      lastAdvanceWallMs.put(sourceKey, now);
    }
    if (partial.isTick()) {
      finalizeDue(false);
      return;
    }
    String key = Keys.window(versionKey, partial.windowStart());
    if (windows.end(partial.windowStart()) <= state.lastFinalizedEnd) {
      state.lateDropped += partial.profile().eventCount();
      versions.markDirty(versionKey);
      lateDropped.increment(partial.profile().eventCount());
      return;
    }
    WindowProfile merged = open.get(key);
    if (merged == null) {
      open.put(key, partial.profile());
    } else {
      merged.merge(partial.profile());
      open.markDirty(key);
    }
    lastPartialWallMs.put(key, context.currentSystemTimeMs());
    finalizeDue(false);
  }

  private void punctuate(long wallMs) {
    finalizeDue(true);
    metrics.expire(wallMs, staleMs);
  }

  private void finalizeDue(boolean wallClock) {
    long wall = context.currentSystemTimeMs();
    // by (window start, key): oldest first for every version, so the automatic baseline takes the first windows
    TreeMap<Long, java.util.List<String>> due = new TreeMap<>();
    for (String key : open.keys()) {
      String[] parts = Keys.split(key);
      long start = Long.parseLong(parts[2]);
      String versionKey = Keys.version(parts[0], parts[1]);
      VersionState state = versions.get(versionKey);
      boolean byStreamTime = windows.closed(start, state.streamTime(sources));
      // after a restart the heap map is empty: count the idle time from now, not from the epoch
      long lastPartial = lastPartialWallMs.computeIfAbsent(key, k -> wall);
      boolean byWallClock = wallClock && windows.closed(start, wall) && wall - lastPartial >= idleFlushMs
          && laggingSourcesIdle(versionKey, state, start, wall);
      if (byStreamTime || byWallClock) {
        due.computeIfAbsent(start, k -> new java.util.ArrayList<>()).add(key);
      }
    }
    due.values().forEach(keys -> keys.forEach(this::finalizeWindow));
  }

  /**
   * True when every stage-1 task whose stream time has not passed the window yet is idle: it is running
   * (it ticks) but its stream time has not moved for the idle time, or it never sent anything for this
   * version (a version that does not occur on its partition). A task that sent for this version before but
   * is silent now is restoring or moving to another instance: its partials are still to come, so wait.
   */
  private boolean laggingSourcesIdle(String versionKey, VersionState state, long start, long wall) {
    for (int s = 0; s < sources; s++) {
      Long time = state.sourceTimes.get(s);
      if (time != null && windows.closed(start, time)) {
        continue;
      }
      String sourceKey = versionKey + Keys.SEP + s;
      if (time == null) {
        long firstLooked = lastHeardWallMs.computeIfAbsent(sourceKey, k -> wall);
        if (wall - firstLooked < idleFlushMs) {
          return false;
        }
        continue;
      }
      Long heard = lastHeardWallMs.get(sourceKey);
      if (heard == null || wall - heard >= idleFlushMs) {
        return false; // silent: not running now, its data may still come
      }
      if (wall - lastAdvanceWallMs.getOrDefault(sourceKey, wall) < idleFlushMs) {
        return false; // running and making progress: behind, not idle
      }
    }
    return true;
  }

  private void finalizeWindow(String key) {
    String[] parts = Keys.split(key);
    String model = parts[0];
    String version = parts[1];
    long start = Long.parseLong(parts[2]);
    String versionKey = Keys.version(model, version);
    WindowProfile profile = open.get(key);
    VersionState state = versions.get(versionKey);
    long now = context.currentSystemTimeMs();
    ReferenceProfile reference = references.reference(versionKey, now);
    if (reference == null && state.baselineComplete(autoWindows)) {
      reference = new ReferenceProfile("auto:" + autoWindows + "-windows-from-" + state.baselineStart,
          ReferenceKind.AUTO, model, version, state.baselineStart, state.baseline);
    }
    WindowResult result = evaluator.evaluate(model, version, start, windows.end(start), profile, reference);
    String outKey = Keys.output(model, version);
    long ts = windows.end(start) - 1;
    for (FeatureDriftResult f : result.features()) {
      context.forward(new Record<>(outKey, DriftRecords.featureDrift(f), ts));
    }
    context.forward(new Record<>(outKey, DriftRecords.modelWindow(result, profile), ts));
    metrics.update(result, owner, now);
    metrics.reference(model, version, result.referenceKind(), reference == null ? null : reference.id());
    if (reference == null || reference.kind() == ReferenceKind.AUTO) {
      state.addToBaseline(start, profile, autoWindows, profileConfig);
    }
    state.lastFinalizedEnd = Math.max(state.lastFinalizedEnd, windows.end(start));
    versions.markDirty(versionKey);
    open.delete(key);
    lastPartialWallMs.remove(key);
  }

  @Override
  public void close() {
    metrics.release(owner); // the task moved away or the instance stops: its gauges go with it
  }
}
