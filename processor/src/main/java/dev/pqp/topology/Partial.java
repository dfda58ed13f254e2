package dev.pqp.topology;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import java.nio.ByteBuffer;

/**
 * A stage-1 partial profile of one window, as sent to stage 2: window start, then the encoded profile. A
 * tick (no profile) only carries stage 1's stream time forward, so that stage 2 can close a window at
 * end + grace instead of waiting for the next window's partials.
 */
record Partial(long windowStart, WindowProfile profile) {
  private static final long TICK = Long.MIN_VALUE;

  static Partial tick() {
    return new Partial(TICK, null);
  }

  boolean isTick() {
    return profile == null;
  }

  byte[] encode() {
    if (isTick()) {
      return ByteBuffer.allocate(8).putLong(TICK).array();
    }
    byte[] p = ProfileCodec.encode(profile);
    return ByteBuffer.allocate(8 + p.length).putLong(windowStart).put(p).array();
  }

  static Partial decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long start = b.getLong();
    if (!b.hasRemaining()) {
      return tick();
    }
    byte[] p = new byte[b.remaining()];
    b.get(p);
    return new Partial(start, ProfileCodec.decode(p));
  }
}
