package dev.pqp.stream.drift;

import dev.pqp.stream.Windows;
import java.util.HashMap;
import java.util.Map;

/**
 * When stage 2 may close window W of a model. By event time: when every stage-1 source (input partition)
 * reported a stream time at or past W's end plus grace. By the wall clock, only for input that is truly
 * idle: W ended in wall-clock time, no partial of W arrived for the idle time, and every source that has
 * not passed W yet said, in its last tick, that it is idle and has forwarded every partial of the windows
 * that ended by a wall time at or past W's end ({@link StageOne.ModelTick#flushedThrough}). A source that never sent
 * anything for the model is judged by its task ticks ({@link #heardTask}), which every stage-1 task sends
 * to every stage-2 task: past W in event time, or idle and flushed through W's end. A source that is
 * silent, or not heard from since this task started, is restoring, moving or not assigned yet: its
 * partials are still to come, so W waits for it.
 *
 * <p>Left open: a stage-1 task whose input is not fetched for the idle time (after a restart, say) calls
 * itself idle although records of W may still be in its partition, and a late event of W can then be
 * dropped; with the default 30 s idle time that takes a 30 s stall. Calling a task idle only when its
 * partitions' lag is 0 would close it.
 *
 * <p>Stage 2 never guesses a source's idleness from its ticks' timing: both stages' idle timers are the
 * same idle time, so a guess would race the source's own idle flush and could close the last window of a
 * burst before that source's partial of it arrived.
 *
 * <p>Plain Java, no Kafka: stage 2 reports what it hears through {@link #heard} and asks
 * {@link #closes}. The stream times live in {@link ModelState} (logged); when each source was last heard
 * from and what it last claimed is wall-clock knowledge of this instance only, so it starts empty after a
 * restart, which delays idle closing until the sources' next ticks.
 */
final class ClosePolicy {
  private final Windows windows;
  private final int sources;
  private final long idleMs;
  /** Model and source to {wall time last heard from, the flushed-through time of its last record}. */
  private final Map<String, long[]> clocks = new HashMap<>();
  /** Source to {wall time last heard from, its task's stream time, its task's flushed-through time}. */
  private final Map<Integer, long[]> tasks = new HashMap<>();

  ClosePolicy(Windows windows, int sources, long idleMs) {
    this.windows = windows;
    this.sources = sources;
    this.idleMs = idleMs;
  }

  /** Forgets the wall-clock knowledge: after a restart or when the task is revived. */
  void reset() {
    clocks.clear();
    tasks.clear();
  }

  /**
   * Records a partial or tick of {@code model} from {@code source} carrying {@code streamTime}, heard at
   * {@code wallMs}; {@code flushedThrough} is the tick's claim ({@link StageOne#NOT_FLUSHED} for a partial
   * or a busy source's tick).
   */
  void heard(String model, ModelState state, int source, long streamTime, long wallMs, long flushedThrough) {
    state.sourceTimes.merge(source, streamTime, Math::max);
    clocks.put(clockKey(model, source), new long[] {wallMs, flushedThrough});
  }

  /**
   * Records a task tick: {@code source}'s stream time and its claim for every model, also those it never
   * sent a partial of (a stage-1 task ticks a model only once it sent a partial of it).
   */
  void heardTask(int source, long streamTime, long wallMs, long flushedThrough) {
    tasks.put(source, new long[] {wallMs, streamTime, flushedThrough});
  }

  /**
   * True when window {@code start} of the model may close now.
   *
   * @param lastPartialWallMs wall time the window's last partial arrived (or it was first looked at)
   * @param wallClock whether the wall clock may stand in for idle sources in this pass
   */
  boolean closes(String model, ModelState state, long start, long lastPartialWallMs, long wallMs, boolean wallClock) {
    if (windows.closed(start, state.streamTime(sources))) {
      return true;
    }
    return wallClock && windows.closed(start, wallMs) && wallMs - lastPartialWallMs >= idleMs
        && laggingSourcesIdle(model, state, start, wallMs);
  }

  private boolean laggingSourcesIdle(String model, ModelState state, long start, long wallMs) {
    for (int s = 0; s < sources; s++) {
      Long time = state.sourceTimes.get(s);
      if (time != null && windows.closed(start, time)) {
        continue;
      }
      if (time == null) {
        if (!neverSentIdle(s, start, wallMs)) {
          return false;
        }
        continue;
      }
      long[] clock = clocks.get(clockKey(model, s));
      if (clock == null || wallMs - clock[0] >= idleMs) {
        return false; // silent: not running now, its data may still come
      }
      if (clock[1] < windows.end(start)) {
        return false; // running, and has not said it forwarded this window: its partial may still come
      }
    }
    return true;
  }

  /** A source that never sent for the model holds nothing of window {@code start} by now. */
  private boolean neverSentIdle(int source, long start, long wallMs) {
    long[] task = tasks.get(source);
    if (task == null || wallMs - task[0] >= idleMs) {
      // not heard from since this task started, or silent: restoring, not assigned yet, or moving; a first
      // partial of the model may still come from it (a stage 1 of release 0.1 sends no task ticks: during a
      // rolling upgrade such windows wait for the upgrade)
      return false;
    }
    // past the window in event time (it forwarded any partial of it), or idle and flushed through its end
    return windows.closed(start, task[1]) || task[2] >= windows.end(start);
  }

  private static String clockKey(String model, int source) {
    return model + '\u0000' + source;
  }
}
