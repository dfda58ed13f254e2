package dev.pqp.topology.store;

import java.nio.ByteBuffer;

/** Turns a heap value into the bytes of the changelog and back. */
public interface ValueCodec<V> {
  /** 8-byte big-endian longs: times and counts. */
  ValueCodec<Long> LONG = new ValueCodec<>() {
    @Override
    public byte[] encode(Long value) {
      return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    @Override
    public Long decode(byte[] bytes) {
      return ByteBuffer.wrap(bytes).getLong();
    }
  };

  byte[] encode(V value);

  V decode(byte[] bytes);
}
