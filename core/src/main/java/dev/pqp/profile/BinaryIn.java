package dev.pqp.profile;

import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link BinaryOut} wrote, checking every length against the bytes left so that truncated or
 * corrupt input fails with a {@link ProfileFormatException} naming the offset, never with an
 * out-of-memory or a bare index exception.
 */
final class BinaryIn {
  private final byte[] buf;
  private int pos;

  BinaryIn(byte[] buf) {
    this.buf = buf;
  }

  private void need(int n, String what) {
    if (n < 0 || n > buf.length - pos) {
      throw new ProfileFormatException("truncated profile: " + what + " needs " + n + " bytes at offset " + pos
          + ", " + (buf.length - pos) + " left");
    }
  }

  int readByte(String what) {
    need(1, what);
    return buf[pos++] & 0xFF;
  }

  long readVarLong(String what) {
    long v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      int b = readByte(what);
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw new ProfileFormatException("corrupt profile: varint " + what + " longer than 10 bytes at offset " + pos);
  }

  /** A varint that is a size or count of following items, bounded by the bytes left. */
  int readSize(String what) {
    long n = readVarLong(what);
    if (n < 0 || n > buf.length - pos) {
      throw new ProfileFormatException("truncated profile: " + what + " = " + n + " at offset " + pos + ", only "
          + (buf.length - pos) + " bytes left");
    }
    return (int) n;
  }

  long readLong(String what) {
    need(8, what);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFF);
    }
    return v;
  }

  double readDouble(String what) {
    return Double.longBitsToDouble(readLong(what));
  }

  byte[] readBytes(String what) {
    int n = readSize(what + " length");
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  String readString(String what) {
    return new String(readBytes(what), StandardCharsets.UTF_8);
  }

  void expectEnd(String what) {
    if (pos != buf.length) {
      throw new ProfileFormatException(
          "corrupt " + what + ": " + (buf.length - pos) + " trailing bytes at offset " + pos);
    }
  }

  int position() {
    return pos;
  }
}
