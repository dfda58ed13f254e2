package dev.pqp.profile;

import java.util.Arrays;

/**
 * The byte that leads every stored form of pqp's state (the forms with a format of their own: window
 * profiles, references and performance profiles carry a version of their own): written first by its codec,
 * checked here, once, on reading. A form changes its bytes only with a new format, and its codec keeps
 * reading the formats before it.
 */
public final class FormatByte {
  private FormatByte() {}

  /**
   * The format of stored {@code form} whose bytes are {@code bytes}: the first byte, if {@code readable}
   * holds it.
   *
   * @throws IllegalArgumentException naming the form and the formats this code reads otherwise
   */
  public static int read(byte[] bytes, String form, int... readable) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException(form + ": no bytes");
    }
    int format = bytes[0];
    if (Arrays.stream(readable).noneMatch(f -> f == format)) {
      throw new IllegalArgumentException(form + " format " + format + " is not supported (this pqp reads "
          + Arrays.toString(readable) + ")");
    }
    return format;
  }
}
