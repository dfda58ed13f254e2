package dev.pqp.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * Byte-level mutations of an encoded record, as a fuzzer makes them: bit flips, byte insertion and deletion,
 * truncation, duplication and splicing with another record. Each mutation is a small value that jqwik can
 * generate and shrink; its positions are taken modulo the length of the bytes it is applied to.
 */
final class Mutations {
  enum Kind { FLIP_BIT, SET_BYTE, INSERT, DELETE, TRUNCATE, DUPLICATE, SPLICE }

  /** One mutation; {@code bytes} is what INSERT and SET_BYTE write, SPLICE's other record is given on apply. */
  record Mutation(Kind kind, int at, int length, byte[] bytes) {
    @Override
    public String toString() {
      return kind + "@" + at + "/" + length + (bytes.length == 0 ? "" : " " + FuzzSample.hex(bytes));
    }
  }

  /** Lengths and counts at and beyond what a Java array, an int and a long can hold. */
  static final long[] EDGE_LONGS = {
    0, 1, -1, -2, 63, 64, 127, 128, 1 << 16, 1 << 20, 1 << 30, 2_000_000_000L, Integer.MAX_VALUE - 8,
    Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 1L << 32, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L,
    -(1L << 32), 999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE / 2, Long.MIN_VALUE / 2,
  };

  /** Byte strings that mean something to a JSON or Avro reader: structure, escapes, odd UTF-8, edge varints. */
  static final List<byte[]> INTERESTING = interesting();

  private Mutations() {}

  static Arbitrary<Mutation> mutations() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(8);
    Arbitrary<byte[]> chunk = Arbitraries.oneOf(random, Arbitraries.of(INTERESTING));
    // uniform: jqwik's default bias towards small numbers would put most mutations on the first bytes
    Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1 << 16).withDistribution(RandomDistribution.uniform());
    return Combinators.combine(Arbitraries.of(Kind.class), positions,
        Arbitraries.integers().between(1, 64), chunk).as(Mutation::new);
  }

  static byte[] apply(byte[] in, Mutation m, byte[] other) {
    if (in.length == 0) {
      return m.kind() == Kind.INSERT ? m.bytes().clone() : in;
    }
    int at = m.at() % in.length;
    int end = Math.min(in.length, at + m.length());
    return switch (m.kind()) {
      case FLIP_BIT -> {
        byte[] out = in.clone();
        out[at] ^= (byte) (1 << (m.length() % 8));
        yield out;
      }
      case SET_BYTE -> {
        byte[] out = in.clone();
        out[at] = m.bytes()[0];
        yield out;
      }
      case INSERT -> concat(Arrays.copyOfRange(in, 0, at), m.bytes(), Arrays.copyOfRange(in, at, in.length));
      case DELETE -> concat(Arrays.copyOfRange(in, 0, at), Arrays.copyOfRange(in, end, in.length));
      case TRUNCATE -> Arrays.copyOf(in, at);
      case DUPLICATE -> concat(Arrays.copyOfRange(in, 0, end), Arrays.copyOfRange(in, at, in.length));
      case SPLICE -> concat(Arrays.copyOfRange(in, 0, at),
          other.length == 0 ? other : Arrays.copyOfRange(other, m.length() % other.length, other.length));
    };
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The Avro binary encoding of a long: zig-zag, then 7 bits a byte, least significant first. */
  static byte[] varint(long n) {
    long z = (n << 1) ^ (n >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((z & ~0x7FL) != 0) {
      out.write((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    out.write((int) z);
    return out.toByteArray();
  }

  private static List<byte[]> interesting() {
    List<byte[]> out = new ArrayList<>();
    for (long n : EDGE_LONGS) {
      out.add(varint(n));
    }
    // a varint that never ends, and the bytes of a union branch index far out of range
    out.add(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
        (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});
    for (String s : new String[] {"{", "}", "[", "]", "\"", "\\", ":", ",", "{}", "[]", "\"\":", "null", "true", "NaN",
        "-Infinity", "1e400", "-0", "12345678901234567890", "\\u0000", "\\ud800", "\\udfff\\ud800", "\\uFEFF", "\u00e9",
        "\uD83D\uDE00", "\"timestamp\":\"+1000000000-12-31T23:59:59Z\",", "\"features\":{\"a\":"}) {
      out.add(s.getBytes(StandardCharsets.UTF_8));
    }
    out.add(new byte[] {(byte) 0xC0, (byte) 0x80}); // overlong NUL
    out.add(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // a surrogate encoded as UTF-8
    out.add(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}); // byte order mark
    out.add(new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}); // beyond U+10FFFF
    out.add(new byte[] {(byte) 0xFF, (byte) 0xFE, 0x00});
    out.add(new byte[] {(byte) 0xE2, (byte) 0x82}); // a truncated sequence
    out.add(new byte[] {(byte) 0xC3, 0x01});
    out.add(new byte[] {0x00});
    return List.copyOf(out);
  }
}
