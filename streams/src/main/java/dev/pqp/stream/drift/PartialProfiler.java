package dev.pqp.stream.drift;

import dev.pqp.event.ModelEvent;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.stream.Windows;
import dev.pqp.stream.drift.StageOne.ModelTick;
import dev.pqp.stream.drift.StageOne.Partial;
import dev.pqp.stream.drift.StageOne.TaskTick;
import dev.pqp.topology.store.HeapStore;
import dev.pqp.topology.store.Multicast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 1, per input partition: adds each prediction or feature log to the partial profile of its
 * (model, version, window), kept as an object in a {@link HeapStore}. When the task's stream time passes
 * a window's end, the partial is forwarded keyed by model and removed; events that arrive for
 * a forwarded window within grace start a small late partial, sent by the next punctuation; events later
 * than grace are counted as dropped. No sketch is serialized per event.
 */
final class PartialProfiler implements Processor<byte[], ModelEvent, String, StageOne> {
  static final String STORE = "stage1-partials";
  /** The task's stream time, logged like the partials so that late-event decisions survive a crash. */
  static final String PROGRESS_STORE = "stage1-progress";
  /** The key of a {@link TaskTick}, which belongs to no model: the partitioner sends it to every task. */
  private static final String NO_MODEL = "";
  /** The partitioner of the partials: task ticks to every partition, the rest by key as by default. */
  static final StreamPartitioner<String, StageOne> TASK_TICKS_TO_EVERY_TASK = Multicast.when(StageOne::toEveryTask);

  private final Windows windows;
  private final ProfileConfig profileConfig;
  private final long idleFlushMs;
  private final long forgetAfterMs;
  private final int bins;
  private final PipelineMetrics metrics;
  private ProcessorContext<String, StageOne> context;
  private HeapStore<WindowKey, WindowProfile> partials;
  private HeapStore<ProgressKey, Long> progress;
  private boolean progressRestored;
  private ReferenceLookup references;
  private long streamTime = Long.MIN_VALUE;
  private long nextWindowEnd = Long.MAX_VALUE;
  private long lastRecordWallMs;
  /** Wall time up to which an idle pass forwarded every partial; {@link StageOne#NOT_FLUSHED} once a record came. */
  private long flushedThrough = StageOne.NOT_FLUSHED;
  private int source;
  /** Models this task sent partials for, with the stream time last sent for each. */
  private final Map<String, Long> ticked = new HashMap<>();
  /** The newest event time of every version in a forwarded partial; open partials know their own. */
  private final Map<VersionKey, Long> newest = new HashMap<>();

  PartialProfiler(Windows windows, ProfileConfig profileConfig, int bins, long idleFlushMs, long forgetAfterMs,
      PipelineMetrics metrics) {
    this.windows = windows;
    this.forgetAfterMs = forgetAfterMs;
    this.bins = bins;
    this.profileConfig = profileConfig;
    this.idleFlushMs = idleFlushMs;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, StageOne> context) {
    this.context = context;
    this.partials = context.getStateStore(STORE);
    this.progress = context.getStateStore(PROGRESS_STORE);
    this.references = ReferenceLookup.of(context, bins);
    this.lastRecordWallMs = context.currentSystemTimeMs();
    flushedThrough = StageOne.NOT_FLUSHED;
    // a revived task reuses this instance and replays from the last commit: start from scratch
    streamTime = Long.MIN_VALUE;
    progressRestored = false;
    nextWindowEnd = Long.MIN_VALUE; // forces a scan of the restored partials on the first record
    ticked.clear();
    newest.clear();
    this.source = context.taskId().partition();
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<byte[], ModelEvent> record) {
    ModelEvent event = record.value();
    long ts = event.timestampMs();
    long now = context.currentSystemTimeMs();
    lastRecordWallMs = now;
    flushedThrough = StageOne.NOT_FLUSHED; // this record may belong to a window an idle pass flushed
    restoreProgress();
    if (ts > streamTime) {
      streamTime = ts;
      progress.put(ProgressKey.STREAM_TIME, ts);
    }
    long start = windows.start(ts);
    if (windows.closed(start, streamTime)) {
      metrics.lateEventDropped();
      return;
    }
    VersionKey versionKey = VersionKey.of(event);
    WindowKey key = new WindowKey(versionKey, start);
    WindowProfile profile = partials.get(key);
    if (profile == null) {
      profile = new WindowProfile(profileConfig);
      partials.put(key, profile);
    } else {
      partials.markDirty(key);
    }
    boolean late = windows.end(start) <= streamTime;
    var bounds = references.bounds(versionKey, now);
    profile.add(event, now, bounds, late);
    if (!late && windows.end(start) < nextWindowEnd) {
      nextWindowEnd = windows.end(start);
    }
    if (streamTime >= nextWindowEnd) {
      forwardEnded(false);
    }
  }

  /**
   * After a (re)start, takes back the stream time and the versions to tick from the last commit, so that
   * late-event decisions match an uninterrupted run and stage 2 keeps hearing from this task even when
   * no new input arrives.
   */
  private void restoreProgress() {
    if (progressRestored) {
      return;
    }
    progressRestored = true;
    Long restored = progress.get(ProgressKey.STREAM_TIME);
    streamTime = restored == null ? Long.MIN_VALUE : Math.max(streamTime, restored);
    progress.forEach((key, time) -> {
      if (key instanceof ProgressKey.Ticked model) {
        ticked.merge(model.model(), time, Math::max);
      }
    });
  }

  private void punctuate(long wallMs) {
    restoreProgress();
    boolean idle = wallMs - lastRecordWallMs >= idleFlushMs;
    forwardEnded(idle);
    // tell stage 2 how far this task's stream time got, for every model it sent partials for
    // every second, even when it did not move: a tick also says "this task is running", which lets stage 2
    // tell an idle input (ticks, no progress) from a task that is restoring or moving (no ticks)
    tick(new ArrayList<>(ticked.keySet()), false);
    context.forward(new Record<>(NO_MODEL, new TaskTick(source, flushedThrough), Math.max(0, streamTime)));
  }

  /**
   * Sends this task's stream time to stage 2 for each of {@code models}. Partials carry only their window's
   * end as time: a model's time moves on by a tick, sent after every partial up to that time, so stage 2
   * never closes a window (of any version of the model) before the last partial of the batch arrived.
   */
  private void tick(Collection<String> models, boolean persist) {
    if (streamTime == Long.MIN_VALUE || models.isEmpty()) {
      return;
    }
    Map<String, Map<String, Long>> newestByModel = newestByModel();
    for (String model : models) {
      long time = ticked.merge(model, streamTime, Math::max);
      if (persist) {
        progress.put(new ProgressKey.Ticked(model), time);
      }
      context.forward(new Record<>(model,
          new ModelTick(source, newestByModel.getOrDefault(model, Map.of()), flushedThrough), time));
    }
  }

  /**
   * Per model, the newest event time of each version this task has seen within the forget time: forwarded
   * and open partials. Called with a stream time.
   */
  private Map<String, Map<String, Long>> newestByModel() {
    // a version without events for the forget time (in this task's event time) is forgotten, no longer ticked
    newest.values().removeIf(t -> t < streamTime - forgetAfterMs);
    Map<VersionKey, Long> all = new HashMap<>(newest);
    partials.forEach((key, p) -> {
      if (p.lastEventMs() != WindowProfile.NO_TIME) {
        all.merge(key.version(), p.lastEventMs(), Math::max);
      }
    });
    Map<String, Map<String, Long>> out = new HashMap<>();
    all.forEach((v, t) -> out.computeIfAbsent(v.model(), m -> new TreeMap<>()).put(v.version(), t));
    return out;
  }

  /** Forwards partials whose window ended in stream time (or, when idle, in wall-clock time). */
  private void forwardEnded(boolean idle) {
    long wall = context.currentSystemTimeMs();
    List<WindowKey> due = new ArrayList<>();
    long next = Long.MAX_VALUE;
    for (WindowKey key : partials.keys()) {
      long end = windows.end(key.start());
      if (end <= streamTime || (idle && end <= wall)) {
        due.add(key);
      } else {
        next = Math.min(next, end);
      }
    }
    nextWindowEnd = next;
    if (idle) {
      // every partial of a window that ended by now goes below, before the ticks that say so
      flushedThrough = wall;
    }
    due.sort(WindowKey.OLDEST_FIRST);
    Set<String> models = new TreeSet<>();
    for (WindowKey key : due) {
      WindowProfile p = partials.get(key);
      partials.delete(key);
      VersionKey v = key.version();
      if (p.lastEventMs() != WindowProfile.NO_TIME) {
        newest.merge(v, p.lastEventMs(), Math::max);
      }
      // a partial's time is its window's end, so that a batch never tells stage 2 of a time its later partials
      // have not reached; but never past this task's stream time: a window flushed by idleness has not ended in
      // event time, and its end would tell stage 2 this task passed the grace of windows it still takes late
      // events for (their late partials would then be dropped as late)
      long end = windows.end(key.start());
      long ts = streamTime == Long.MIN_VALUE ? end - 1 : Math.min(end - 1, streamTime);
      context.forward(new Record<>(v.model(), new Partial(source, v.version(), key.start(), p), ts));
      models.add(v.model());
    }
    tick(models, true);
  }
}
