package dev.pqp.topology;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.Prediction;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.topology.store.HeapStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 1, per input partition: adds each prediction or feature log to the partial profile of its
 * (model, version, window), kept as an object in a {@link HeapStore}. When the task's stream time passes
 * a window's end, the partial is forwarded keyed by (model, version) and removed; events that arrive for
 * a forwarded window within grace start a small late partial, sent by the next punctuation; events later
 * than grace are counted as dropped. No sketch is serialized per event.
 */
final class PartialProfiler implements Processor<byte[], Object, String, byte[]> {
  static final String STORE = "stage1-partials";
  /** The task's stream time, logged like the partials so that late-event decisions survive a crash. */
  static final String PROGRESS_STORE = "stage1-progress";
  private static final String STREAM_TIME = "stream-time";
  private static final String VERSION_PREFIX = "version:";

  private final Windows windows;
  private final ProfileConfig profileConfig;
  private final long idleFlushMs;
  private final int bins;
  private final Counter lateDropped;
  private ProcessorContext<String, byte[]> context;
  private HeapStore<WindowProfile> partials;
  private HeapStore<Long> progress;
  private boolean progressRestored;
  private ReferenceLookup references;
  private long streamTime = Long.MIN_VALUE;
  private long nextWindowEnd = Long.MAX_VALUE;
  private long lastRecordWallMs;
  private int source;
  /** Version keys this task sent partials for, with the stream time last sent for each. */
  private final java.util.Map<String, Long> ticked = new java.util.HashMap<>();

  PartialProfiler(Windows windows, ProfileConfig profileConfig, int bins, long idleFlushMs, MeterRegistry registry) {
    this.windows = windows;
    this.bins = bins;
    this.profileConfig = profileConfig;
    this.idleFlushMs = idleFlushMs;
    this.lateDropped = Counter.builder("pqp.late.events.dropped")
        .description("Events that arrived after their window's grace period; counted, not profiled")
        .register(registry);
  }

  @Override
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.partials = context.getStateStore(STORE);
    this.progress = context.getStateStore(PROGRESS_STORE);
    this.references = new ReferenceLookup(context.getStateStore(PqpTopology.REFERENCE_STORE), 10_000, bins);
    this.lastRecordWallMs = context.currentSystemTimeMs();
    // a revived task reuses this instance and replays from the last commit: start from scratch
    streamTime = Long.MIN_VALUE;
    progressRestored = false;
    nextWindowEnd = Long.MIN_VALUE; // forces a scan of the restored partials on the first record
    ticked.clear();
    this.source = context.taskId().partition();
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
  }

  @Override
  public void process(Record<byte[], Object> record) {
    Event event = (Event) record.value();
    long ts = event.timestampMs();
    long now = context.currentSystemTimeMs();
    lastRecordWallMs = now;
    restoreProgress();
    if (ts > streamTime) {
      streamTime = ts;
      progress.put(STREAM_TIME, ts);
    }
    long start = windows.start(ts);
    if (windows.closed(start, streamTime)) {
      lateDropped.increment();
      return;
    }
    String versionKey = Keys.versionOf(event);
    if (versionKey == null) {
      return;
    }
    String key = Keys.window(versionKey, start);
    WindowProfile profile = partials.get(key);
    if (profile == null) {
      profile = new WindowProfile(profileConfig);
      partials.put(key, profile);
    } else {
      partials.markDirty(key);
    }
    boolean late = windows.end(start) <= streamTime;
    var bounds = references.bounds(versionKey, now);
    if (event instanceof Prediction p) {
      profile.add(p, now, bounds, late);
    } else {
      profile.add((FeatureLog) event, now, bounds, late);
    }
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
    Long restored = progress.get(STREAM_TIME);
    streamTime = restored == null ? Long.MIN_VALUE : Math.max(streamTime, restored);
    progress.forEach((key, time) -> {
      if (key.startsWith(VERSION_PREFIX)) {
        ticked.merge(key.substring(VERSION_PREFIX.length()), time, Math::max);
      }
    });
  }

  private void punctuate(long wallMs) {
    restoreProgress();
    boolean idle = wallMs - lastRecordWallMs >= idleFlushMs;
    forwardEnded(idle);
    // tell stage 2 how far this task's stream time got, for every version it sent partials for
    // every second, even when it did not move: a tick also says "this task is running", which lets stage 2
    // tell an idle input (ticks, no progress) from a task that is restoring or moving (no ticks)
    if (streamTime != Long.MIN_VALUE) {
      ticked.replaceAll((versionKey, last) -> {
        context.forward(new Record<>(versionKey, Partial.tick(source).encode(), Math.max(streamTime, last)));
        return Math.max(streamTime, last);
      });
    }
  }

  /** Forwards partials whose window ended in stream time (or, when idle, in wall-clock time). */
  private void forwardEnded(boolean idle) {
    long wall = context.currentSystemTimeMs();
    List<String> due = new ArrayList<>();
    long next = Long.MAX_VALUE;
    for (String key : partials.keys()) {
      long start = Long.parseLong(Keys.split(key)[2]);
      long end = windows.end(start);
      if (end <= streamTime || (idle && end <= wall)) {
        due.add(key);
      } else {
        next = Math.min(next, end);
      }
    }
    nextWindowEnd = next;
    due.sort(null);
    for (String key : due) {
      String[] parts = Keys.split(key);
      long start = Long.parseLong(parts[2]);
      WindowProfile p = partials.get(key);
      partials.delete(key);
      String versionKey = Keys.version(parts[0], parts[1]);
      long ts = Math.max(streamTime, windows.end(start) - 1);
      context.forward(new Record<>(versionKey, new Partial(start, p, source).encode(), ts));
      progress.put(VERSION_PREFIX + versionKey, ticked.merge(versionKey, ts, Math::max));
    }
  }
}
