package dev.pqp.topology.store;

import java.nio.charset.StandardCharsets;

/** Turns a typed store key into the bytes of the inner store and changelog, and back. */
public interface KeyCodec<K> {
  /** UTF-8 strings. */
  KeyCodec<String> STRING = new KeyCodec<>() {
    @Override
    public byte[] encode(String key) {
      return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  };

  byte[] encode(K key);

  K decode(byte[] bytes);
}
