package dev.pqp.topology;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import java.nio.ByteBuffer;

/** A stage-1 partial profile of one window, as sent to stage 2: window start, then the encoded profile. */
record Partial(long windowStart, WindowProfile profile) {
  byte[] encode() {
    byte[] p = ProfileCodec.encode(profile);
    return ByteBuffer.allocate(8 + p.length).putLong(windowStart).put(p).array();
  }

  static Partial decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    long start = b.getLong();
    byte[] p = new byte[b.remaining()];
    b.get(p);
    return new Partial(start, ProfileCodec.decode(p));
  }
}
