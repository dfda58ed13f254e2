package dev.pqp.reference;

import dev.pqp.profile.FormatByte;
import dev.pqp.profile.ProfileCodec;
import java.nio.ByteBuffer;

/**
 * The stored form of an {@link AutoBaseline} (format 1): the number of windows merged, the start of the
 * first, then the merged profile ({@link ProfileCodec}; no bytes while empty).
 */
public final class AutoBaselineCodec {
  private static final byte FORMAT = 1;

  private AutoBaselineCodec() {}

  public static byte[] encode(AutoBaseline a) {
    byte[] p = a.profile == null ? new byte[0] : ProfileCodec.encode(a.profile);
    return ByteBuffer.allocate(1 + 4 + 8 + p.length).put(FORMAT).putInt(a.windows).putLong(a.start).put(p).array();
  }

  public static AutoBaseline decode(byte[] bytes) {
    FormatByte.read(bytes, "automatic baseline", FORMAT);
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    AutoBaseline a = new AutoBaseline();
    a.windows = b.getInt();
    a.start = b.getLong();
    byte[] p = new byte[b.remaining()];
    b.get(p);
    a.profile = p.length == 0 ? null : ProfileCodec.decode(p);
    return a;
  }
}
