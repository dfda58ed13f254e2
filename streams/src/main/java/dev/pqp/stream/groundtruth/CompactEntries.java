package dev.pqp.stream.groundtruth;

import dev.pqp.stream.groundtruth.JoinRecords.Label;
import dev.pqp.stream.groundtruth.JoinRecords.Pending;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The values of the join's segmented stores, as small as their figures allow: the entry's id is the
 * store's key ({@link PredictionKey}) and its store time the start of a segment (one point lookup per
 * segment finds it), so a value holds a flags byte, its own time relative to that (zigzag varint), the version and
 * class label by their number in the task's {@link Names}, and the 8-byte doubles it has. A binary
 * prediction (a score) takes 13 to 15 bytes, a class prediction 6 to 9; probabilities, and names past the
 * table's capacity, are written out in full.
 *
 * <pre>
 * prediction: flags, offset (zigzag varint ms), version (varint number, or model and version inline), [score], [label],
 *             [value], [probabilities]
 * joined:     flags (joined alone), offset: a prediction that got its label (entries written before 0.4's
 *             last change are whole predictions with the joined flag, read the same way)
 * label:      flags, offset (zigzag varint ms), [label], [value]
 * </pre>
 */
final class CompactEntries {
  static final int JOINED = 1;
  private static final int SCORE = 1 << 1;
  private static final int LABEL = 1 << 2;
  private static final int LABEL_INLINE = 1 << 3;
  private static final int VALUE = 1 << 4;
  private static final int PROBABILITIES = 1 << 5;
  private static final int VERSION_INLINE = 1 << 6;

  private final Names names;
  /** Reused for every entry; doubled when one does not fit. */
  private ByteBuffer buffer = ByteBuffer.allocate(256);

  CompactEntries(Names names) {
    this.names = names;
  }

  /** A waiting prediction at {@code timeMs}, in the segment starting at {@code slot}. */
  byte[] prediction(Pending p, long timeMs, long slot) {
    return written(b -> prediction(p, timeMs - slot, b));
  }

  /** What {@code writer} writes into the reused buffer, the buffer doubled until it fits. */
  private byte[] written(Function<ByteBuffer, byte[]> writer) {
    while (true) {
      try {
        return writer.apply(buffer.clear());
      } catch (BufferOverflowException e) {
        buffer = ByteBuffer.allocate(buffer.capacity() * 2);
      }
    }
  }

  private byte[] prediction(Pending p, long offset, ByteBuffer b) {
    b.put((byte) 0);
    zigzag(b, offset);
    int flags = p.joined() ? JOINED : 0;
    int version = names.version(p.model(), p.version());
    if (version < 0) {
      flags |= VERSION_INLINE;
      string(b, p.model());
      string(b, p.version());
    } else {
      varint(b, version);
    }
    if (p.score() != null) {
      flags |= SCORE;
      b.putDouble(p.score());
    }
    flags |= label(b, p.label());
    if (p.value() != null) {
      flags |= VALUE;
      b.putDouble(p.value());
    }
    if (!p.probabilities().isEmpty()) {
      flags |= PROBABILITIES;
      varint(b, p.probabilities().size());
      for (Map.Entry<String, Double> e : new TreeMap<>(p.probabilities()).entrySet()) {
        string(b, e.getKey());
        b.putDouble(e.getValue());
      }
    }
    b.put(0, (byte) flags);
    return bytes(b);
  }

  /** The prediction of an entry in the segment starting at {@code slot}. */
  Pending prediction(byte[] bytes, long slot) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int flags = b.get();
    long timeMs = slot + zigzag(b);
    String model;
    String version;
    if ((flags & VERSION_INLINE) != 0) {
      model = string(b);
      version = string(b);
    } else {
      int n = varint(b);
      model = names.model(n);
      version = names.version(n);
    }
    Double score = (flags & SCORE) != 0 ? b.getDouble() : null;
    String label = label(b, flags);
    Double value = (flags & VALUE) != 0 ? b.getDouble() : null;
    Map<String, Double> probabilities = new TreeMap<>();
    if ((flags & PROBABILITIES) != 0) {
      for (int i = varint(b); i > 0; i--) {
        probabilities.put(string(b), b.getDouble());
      }
    }
    return new Pending(model, version, timeMs, score, label, probabilities, value, (flags & JOINED) != 0);
  }

  /** An early label at {@code timeMs}, in the segment starting at {@code slot}. */
  byte[] label(Label l, long timeMs, long slot) {
    return written(b -> label(l, timeMs - slot, b));
  }

  private byte[] label(Label l, long offset, ByteBuffer b) {
    b.put((byte) 0);
    zigzag(b, offset);
    int flags = label(b, l.label());
    if (l.value() != null) {
      flags |= VALUE;
      b.putDouble(l.value());
    }
    b.put(0, (byte) flags);
    return bytes(b);
  }

  /** The label of an entry in the segment starting at {@code slot}. */
  Label label(byte[] bytes, long slot) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int flags = b.get();
    long timeMs = slot + zigzag(b);
    String label = label(b, flags);
    return new Label(timeMs, label, (flags & VALUE) != 0 ? b.getDouble() : null);
  }

  /** The time of an entry relative to the start of the segment it is stored in (negative when before it). */
  static long offset(byte[] entry) {
    return zigzag(ByteBuffer.wrap(entry, 1, entry.length - 1));
  }

  static boolean joined(byte[] entry) {
    return (entry[0] & JOINED) != 0;
  }

  /**
   * What a prediction's entry becomes once it joined: the joined flag and its time, nothing else, since its
   * outcome is counted and a later label only needs to find that it joined (a duplicate). 2 to 6 bytes in
   * place of 13 to 15: the store and its changelog keep every joined prediction until it expires.
   */
  static byte[] asJoined(byte[] entry) {
    return joinedAt(offset(entry));
  }

  /** The entry of a prediction that joined as it came, {@code offset} ms into its segment: see {@link #asJoined}. */
  static byte[] joinedAt(long offset) {
    ByteBuffer b = ByteBuffer.allocate(11);
    b.put((byte) JOINED);
    zigzag(b, offset);
    return java.util.Arrays.copyOf(b.array(), b.position());
  }

  private int label(ByteBuffer b, String label) {
    if (label == null) {
      return 0;
    }
    int n = names.label(label);
    if (n < 0) {
      string(b, label);
      return LABEL_INLINE;
    }
    varint(b, n);
    return LABEL;
  }

  private String label(ByteBuffer b, int flags) {
    if ((flags & LABEL) != 0) {
      return names.label(varint(b));
    }
    return (flags & LABEL_INLINE) != 0 ? string(b) : null;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.position()];
    b.get(0, out);
    return out;
  }

  private static void string(ByteBuffer b, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    varint(b, utf8.length);
    b.put(utf8);
  }

  private static String string(ByteBuffer b) {
    int n = varint(b);
    String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }

  /** A signed varint, small when close to 0 (Protocol Buffers' zigzag). */
  private static void zigzag(ByteBuffer b, long v) {
    varlong(b, (v << 1) ^ (v >> 63));
  }

  private static long zigzag(ByteBuffer b) {
    long v = varlong(b);
    return (v >>> 1) ^ -(v & 1);
  }

  private static void varlong(ByteBuffer b, long v) {
    while ((v & ~0x7fL) != 0) {
      b.put((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    b.put((byte) v);
  }

  private static long varlong(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b.get();
      v |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
    }
  }

  private static void varint(ByteBuffer b, int v) {
    while ((v & ~0x7f) != 0) {
      b.put((byte) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    b.put((byte) v);
  }

  private static int varint(ByteBuffer b) {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      byte x = b.get();
      v |= (x & 0x7f) << shift;
      if (x >= 0) {
        return v;
      }
    }
  }
}
