package dev.pqp.topology.store;

/** Turns a heap value into the bytes of the changelog and back. */
public interface ValueCodec<V> {
  byte[] encode(V value);

  V decode(byte[] bytes);
}
