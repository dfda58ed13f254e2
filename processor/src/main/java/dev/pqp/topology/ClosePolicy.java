package dev.pqp.topology;

import java.util.HashMap;
import java.util.Map;

/**
 * When stage 2 may close window W of a model. By event time: when every stage-1 source (input partition)
 * reported a stream time at or past W's end plus grace. By the wall clock, only for input that is truly
 * idle: W ended in wall-clock time, no partial of W arrived for the idle time, and every source that has
 * not passed W yet is running (it ticks) without progress for the idle time, or never sent anything for
 * the model. A source that sent before but is silent now is restoring or moving: its partials are still to
 * come, so W waits for it. A source that makes progress is behind, not idle: W waits for it too.
 *
 * <p>Plain Java, no Kafka: stage 2 reports what it hears through {@link #heard} and asks
 * {@link #closes}. The stream times live in {@link ModelState} (logged); when each source was last heard
 * from and last advanced is wall-clock knowledge of this instance only, so it starts empty after a
 * restart, which delays idle closing by at most the idle time.
 */
final class ClosePolicy {
  private final Windows windows;
  private final int sources;
  private final long idleMs;
  /** Model and source to {wall time last heard from, wall time its stream time last advanced}. */
  private final Map<String, long[]> clocks = new HashMap<>();

  ClosePolicy(Windows windows, int sources, long idleMs) {
    this.windows = windows;
    this.sources = sources;
    this.idleMs = idleMs;
  }

  /** Forgets the wall-clock knowledge: after a restart or when the task is revived. */
  void reset() {
    clocks.clear();
  }

  /** Records a partial or tick of {@code model} from {@code source} carrying {@code streamTime}, heard at {@code wallMs}. */
  void heard(String model, ModelState state, int source, long streamTime, long wallMs) {
    Long before = state.sourceTimes.get(source);
    state.sourceTimes.merge(source, streamTime, Math::max);
    long[] clock = clocks.get(clockKey(model, source));
    if (clock == null) {
      clocks.put(clockKey(model, source), new long[] {wallMs, wallMs});
      return;
    }
    clock[0] = wallMs;
    if (before == null || streamTime > before) {
      clock[1] = wallMs;
    }
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
      long[] clock = clocks.computeIfAbsent(clockKey(model, s), k -> new long[] {Long.MIN_VALUE, wallMs});
      if (time == null) {
        if (wallMs - clock[1] < idleMs) {
          return false; // never sent for the model: idle once we have waited the idle time for it
        }
        continue;
      }
      if (clock[0] == Long.MIN_VALUE || wallMs - clock[0] >= idleMs) {
        return false; // silent: not running now, its data may still come
      }
      if (wallMs - clock[1] < idleMs) {
        return false; // running and making progress: behind, not idle
      }
    }
    return true;
  }

  private static String clockKey(String model, int source) {
    return model + '\u0000' + source;
  }
}
