package dev.pqp.ingest;

/**
 * Decodes the content of a JSON string (between its quotes) from UTF-8, with its escapes, for {@link JsonCursor}.
 * Strictly: what is not well-formed UTF-8 (an overlong form, an encoded surrogate, past U+10FFFF, a sequence cut
 * short), an escape JSON does not have, or a control character throws {@link JsonCursor.Fallback}. Jackson reads
 * some of these leniently (an overlong form, for one); such records are left to it. Not thread-safe.
 */
final class Utf8Text {
  /** The longest string whose buffer is kept for the next; a longer one gets a buffer of its own. */
  private static final int KEPT_CHARS = 4_096;

  private final char[] kept = new char[KEPT_CHARS];
  private char[] chars;
  private int n;

  /** The string of the bytes {@code from} to {@code to}, which hold no unescaped quote. */
  String decode(byte[] b, int from, int to) {
    // a byte makes at most one char: a 4-byte sequence two, an escape of 2 or 6 bytes one
    chars = to - from <= KEPT_CHARS ? kept : new char[to - from];
    n = 0;
    int i = from;
    while (i < to) {
      byte c = b[i];
      if (c >= 0x20 && c != '\\') {
        chars[n++] = (char) c;
        i++;
      } else if (c == '\\') {
        i = escape(b, i + 1, to);
      } else if (c < 0) {
        i = sequence(b, i, to);
      } else {
        throw JsonCursor.Fallback.INSTANCE;
      }
    }
    return new String(chars, 0, n);
  }

  /** Decodes the escape whose letter is at {@code i}; the index past it. */
  private int escape(byte[] b, int i, int to) {
    if (i >= to) {
      throw JsonCursor.Fallback.INSTANCE;
    }
    if (b[i] == 'u') {
      if (i + 5 > to) {
        throw JsonCursor.Fallback.INSTANCE;
      }
      // as Jackson: a lone or reversed surrogate is kept as the char it escapes
      chars[n++] = (char) (hex(b[i + 1]) << 12 | hex(b[i + 2]) << 8 | hex(b[i + 3]) << 4 | hex(b[i + 4]));
      return i + 5;
    }
    chars[n++] = switch (b[i]) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> throw JsonCursor.Fallback.INSTANCE;
    };
    return i + 1;
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    throw JsonCursor.Fallback.INSTANCE;
  }

  /** Decodes the well-formed UTF-8 sequence of 2 to 4 bytes at {@code i} (Unicode's table 3-7); the index past it. */
  private int sequence(byte[] b, int i, int to) {
    int c = b[i] & 0xFF;
    if (c < 0xC2 || c > 0xF4) {
      throw JsonCursor.Fallback.INSTANCE;
    }
    if (c < 0xE0) {
      chars[n++] = (char) ((c & 0x1F) << 6 | next(b, i + 1, to, 0x80, 0xBF));
      return i + 2;
    }
    if (c < 0xF0) {
      int c1 = next(b, i + 1, to, c == 0xE0 ? 0xA0 : 0x80, c == 0xED ? 0x9F : 0xBF);
      chars[n++] = (char) ((c & 0x0F) << 12 | c1 << 6 | next(b, i + 2, to, 0x80, 0xBF));
      return i + 3;
    }
    int c1 = next(b, i + 1, to, c == 0xF0 ? 0x90 : 0x80, c == 0xF4 ? 0x8F : 0xBF);
    int codePoint = (c & 0x07) << 18 | c1 << 12 | next(b, i + 2, to, 0x80, 0xBF) << 6 | next(b, i + 3, to, 0x80, 0xBF);
    chars[n++] = Character.highSurrogate(codePoint);
    chars[n++] = Character.lowSurrogate(codePoint);
    return i + 4;
  }

  /** The low six bits of the continuation byte at {@code i}, which must lie in {@code lo..hi}. */
  private static int next(byte[] b, int i, int to, int lo, int hi) {
    if (i >= to) {
      throw JsonCursor.Fallback.INSTANCE;
    }
    int c = b[i] & 0xFF;
    if (c < lo || c > hi) {
      throw JsonCursor.Fallback.INSTANCE;
    }
    return c & 0x3F;
  }
}
