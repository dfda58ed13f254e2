package dev.pqp.topology;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import java.nio.ByteBuffer;

/**
 * A stage-1 partial profile of one window, as sent to stage 2: window start, the sending stage-1 task's
 * partition ({@code source}), then the encoded profile. A tick (no profile) only carries stage 1's stream
 * time forward, so that stage 2 can close a window at end + grace instead of waiting for the next window's
 * partials. Stage 2 keeps the stream time of each source apart: a window closes when the slowest one passed it.
 */
record Partial(long windowStart, WindowProfile profile, int source) {
  private static final long TICK = Long.MIN_VALUE;

  static Partial tick(int source) {
    return new Partial(TICK, null, source);
  }

  boolean isTick() {
    return profile == null;
  }

  byte[] encode() {
    if (isTick()) {
      return ByteBuffer.allocate(12).putLong(TICK).putInt(source).array();
    }
    byte[] p = ProfileCodec.encode(profile);
    return ByteBuffer.allocate(12 + p.length).putLong(windowStart).putInt(source).put(p).array();
  }

  static Partial decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long start = b.getLong();
    int source = b.getInt();
    if (!b.hasRemaining()) {
      return tick(source);
    }
    byte[] p = new byte[b.remaining()];
    b.get(p);
    return new Partial(start, ProfileCodec.decode(p), source);
  }
}
