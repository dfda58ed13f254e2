package dev.pqp.stream.drift;

import dev.pqp.profile.ByteStrings;
import dev.pqp.profile.FormatByte;
import dev.pqp.topology.store.ValueCodec;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * What stage 2 remembers per model (all its versions close their windows together): the stream time each
 * stage-1 task (source partition) reported, the end of the last finalized window, partial events dropped
 * as late, and the newest event time of each version (for freshness). Logged with every commit that
 * changed it: ticks change it every second, so it holds nothing large.
 */
final class ModelState {
  private static final byte FORMAT = 1;

  /** Stage-1 partition to the highest stream time it sent with a partial or tick of this model. */
  final Map<Integer, Long> sourceTimes = new TreeMap<>();
  long lastFinalizedEnd = Long.MIN_VALUE;
  long lateDropped;
  /** Version to the time of its newest event that any stage-1 task reported. */
  final Map<String, Long> newestEventMs = new TreeMap<>();

  /**
   * The model's stream time at stage 2: the lowest of the {@code sources} stage-1 tasks' stream times, or
   * {@code Long.MIN_VALUE} while one of them has not reported. A task that runs ahead (catching up a
   * backlog, after a restart) must not close windows that the others still have partials for.
   */
  long streamTime(int sources) {
    long min = Long.MAX_VALUE;
    for (int s = 0; s < sources; s++) {
      Long t = sourceTimes.get(s);
      if (t == null) {
        return Long.MIN_VALUE;
      }
      min = Math.min(min, t);
    }
    return min;
  }

  /**
   * Event times before this are older than the forget time: {@code forgetAfterMs} before the lowest stream
   * time of the sources that reported (a lagging source holds it back); {@code Long.MIN_VALUE} before any.
   */
  long forgetBefore(long forgetAfterMs) {
    if (sourceTimes.isEmpty()) {
      return Long.MIN_VALUE;
    }
    long min = java.util.Collections.min(sourceTimes.values());
    return min == Long.MIN_VALUE ? Long.MIN_VALUE : min - forgetAfterMs;
  }

  static final ValueCodec<ModelState> CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(ModelState s) {
      int size = 1 + 8 + 8 + 4 + 12 * s.sourceTimes.size() + 4;
      for (String v : s.newestEventMs.keySet()) {
        size += ByteStrings.size(v) + 8;
      }
      ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT).putLong(s.lastFinalizedEnd).putLong(s.lateDropped);
      b.putInt(s.sourceTimes.size());
      s.sourceTimes.forEach((source, time) -> b.putInt(source).putLong(time));
      b.putInt(s.newestEventMs.size());
      s.newestEventMs.forEach((v, t) -> ByteStrings.put(b, v).putLong(t));
      return b.array();
    }

    @Override
    public ModelState decode(byte[] bytes) {
      FormatByte.read(bytes, "model state", FORMAT);
      ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
      ModelState s = new ModelState();
      s.lastFinalizedEnd = b.getLong();
      s.lateDropped = b.getLong();
      int sources = b.getInt();
      for (int i = 0; i < sources; i++) {
        s.sourceTimes.put(b.getInt(), b.getLong());
      }
      int versions = b.getInt();
      for (int i = 0; i < versions; i++) {
        s.newestEventMs.put(ByteStrings.get(b), b.getLong());
      }
      return s;
    }
  };
}
