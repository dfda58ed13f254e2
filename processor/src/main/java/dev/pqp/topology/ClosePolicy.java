package dev.pqp.topology;

import java.util.HashMap;
import java.util.Map;

/**
 * When stage 2 may close window W of a model. By event time: when every stage-1 source (input partition)
 * reported a stream time at or past W's end plus grace. By the wall clock, only for input that is truly
 * idle: W ended in wall-clock time, no partial of W arrived for the idle time, and every source that has
 * not passed W yet said, in its last tick, that it is idle and has forwarded every partial of the windows
 * that ended by a wall time at or past W's end ({@link Partial#flushedThrough}), or never sent anything
 * for the model. A source that sent before but is silent now is restoring or moving: its partials are
 * still to come, so W waits for it.
 *
 * <p>Stage 2 never guesses a source's idleness from its ticks' timing: both stages' idle timers are the
 * same idle time, so a guess raced the source's own idle flush, and lost a partial of the last window of
 * a burst when stage 2 won (the crash test's last window once had 3 of its 4 partitions' events).
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
  /** Model and source never heard from for the model, to the wall time a window first waited for it. */
  private final Map<String, Long> firstLooks = new HashMap<>();

  ClosePolicy(Windows windows, int sources, long idleMs) {
    this.windows = windows;
    this.sources = sources;
    this.idleMs = idleMs;
  }

  /** Forgets the wall-clock knowledge: after a restart or when the task is revived. */
  void reset() {
    clocks.clear();
    firstLooks.clear();
  }

  /**
   * Records a partial or tick of {@code model} from {@code source} carrying {@code streamTime}, heard at
   * {@code wallMs}; {@code flushedThrough} is the tick's claim ({@link Partial#NOT_FLUSHED} for a partial
   * or a busy source's tick).
   */
  void heard(String model, ModelState state, int source, long streamTime, long wallMs, long flushedThrough) {
    state.sourceTimes.merge(source, streamTime, Math::max);
    clocks.put(clockKey(model, source), new long[] {wallMs, flushedThrough});
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
        if (wallMs - firstLooks.computeIfAbsent(clockKey(model, s), k -> wallMs) < idleMs) {
          return false; // never sent for the model: idle once we have waited the idle time for it
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

  private static String clockKey(String model, int source) {
    return model + '\u0000' + source;
  }
}
