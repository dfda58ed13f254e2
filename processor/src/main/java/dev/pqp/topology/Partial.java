package dev.pqp.topology;

import dev.pqp.profile.ByteStrings;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a stage-1 task sends to stage 2, keyed by model name: either the partial profile of one version's
 * window, or a tick. Both carry the sending task's partition ({@code source}); the record timestamp is the
 * task's stream time, which stage 2 keeps per source and model: a window closes when the slowest source
 * passed it. A tick carries no profile, only that stream time and, per version the task has seen, the
 * time of its newest event (for freshness). A tick of an idle task also says up to which wall-clock time
 * it has forwarded every partial ({@code flushedThrough}): a window that ended by then has nothing more
 * to come from it, which is what lets stage 2 close windows by the wall clock without losing a partial.
 */
record Partial(int source, String version, long windowStart, WindowProfile profile, Map<String, Long> newest,
    long flushedThrough) {
  /** No claim: the task is not idle, or the record is not a tick. */
  static final long NOT_FLUSHED = Long.MIN_VALUE;
  private static final byte PROFILE = 1;
  private static final byte TICK = 2;
  /** A tick with {@code flushedThrough} (release 0.2): release 0.1's ticks are {@link #TICK}, read as no claim. */
  private static final byte IDLE_TICK = 3;

  static Partial profile(int source, String version, long windowStart, WindowProfile profile) {
    return new Partial(source, version, windowStart, profile, Map.of(), NOT_FLUSHED);
  }

  static Partial tick(int source, Map<String, Long> newestEventMs) {
    return tick(source, newestEventMs, NOT_FLUSHED);
  }

  static Partial tick(int source, Map<String, Long> newestEventMs, long flushedThrough) {
    return new Partial(source, null, Long.MIN_VALUE, null, newestEventMs, flushedThrough);
  }

  boolean isTick() {
    return profile == null;
  }

  byte[] encode() {
    if (isTick()) {
      boolean idle = flushedThrough != NOT_FLUSHED;
      int size = 1 + 4 + (idle ? 8 : 0) + 4;
      for (String v : newest.keySet()) {
        size += ByteStrings.size(v) + 8;
      }
      ByteBuffer b = ByteBuffer.allocate(size).put(idle ? IDLE_TICK : TICK).putInt(source);
      if (idle) {
        b.putLong(flushedThrough);
      }
      b.putInt(newest.size());
      newest.forEach((v, t) -> ByteStrings.put(b, v).putLong(t));
      return b.array();
    }
    byte[] p = ProfileCodec.encode(profile);
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + ByteStrings.size(version) + 8 + p.length).put(PROFILE).putInt(source);
    return ByteStrings.put(b, version).putLong(windowStart).put(p).array();
  }

  static Partial decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte kind = b.get();
    int source = b.getInt();
    if (kind == TICK || kind == IDLE_TICK) {
      long flushed = kind == IDLE_TICK ? b.getLong() : NOT_FLUSHED;
      Map<String, Long> newest = new TreeMap<>();
      int n = b.getInt();
      for (int i = 0; i < n; i++) {
        newest.put(ByteStrings.get(b), b.getLong());
      }
      return tick(source, newest, flushed);
    }
    if (kind != PROFILE) {
      throw new IllegalArgumentException("unknown partial kind " + kind);
    }
    String version = ByteStrings.get(b);
    long start = b.getLong();
    byte[] p = new byte[b.remaining()];
    b.get(p);
    return profile(source, version, start, ProfileCodec.decode(p));
  }
}
