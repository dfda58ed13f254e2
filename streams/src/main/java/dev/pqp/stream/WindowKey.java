package dev.pqp.stream;

import dev.pqp.topology.store.KeyCodec;
import java.nio.ByteBuffer;
import java.util.Comparator;

/**
 * One window of one model version. Its bytes are the {@link VersionKey}'s, a NUL, then the start as 8
 * big-endian bytes, so that the windows of a version are adjacent and in time order in a sorted store.
 */
public record WindowKey(VersionKey version, long start) {
  /** Oldest first, then by model and version: the order in which windows due together are finalized. */
  public static final Comparator<WindowKey> OLDEST_FIRST = Comparator.comparingLong(WindowKey::start)
      .thenComparing(k -> k.version().model()).thenComparing(k -> k.version().version());

  public static final KeyCodec<WindowKey> CODEC = new KeyCodec<>() {
    @Override
    public byte[] encode(WindowKey key) {
      return key.bytes();
    }

    @Override
    public WindowKey decode(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      VersionKey v = VersionKey.read(b, bytes.length - 9);
      b.get(); // separator
      return new WindowKey(v, b.getLong());
    }
  };

  public byte[] bytes() {
    byte[] v = version.bytes();
    return ByteBuffer.allocate(v.length + 9).put(v).put((byte) 0).putLong(start).array();
  }

  /** The bytes of {@code version}'s window at {@code start}: bounds of a range scan over its windows. */
  public static byte[] bound(VersionKey version, long start) {
    return new WindowKey(version, start).bytes();
  }
}
