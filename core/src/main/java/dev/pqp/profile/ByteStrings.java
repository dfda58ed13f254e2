package dev.pqp.profile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Strings in hand-written binary forms: a 4-byte length, then the UTF-8 bytes. */
public final class ByteStrings {
  private ByteStrings() {}

  /** The bytes {@link #put} writes for {@code s}. */
  public static int size(String s) {
    return 4 + s.getBytes(StandardCharsets.UTF_8).length;
  }

  public static ByteBuffer put(ByteBuffer b, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return b.putInt(bytes.length).put(bytes);
  }

  public static String get(ByteBuffer b) {
    byte[] bytes = new byte[b.getInt()];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
