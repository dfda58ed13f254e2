package dev.pqp.stream.groundtruth;

import dev.pqp.stream.groundtruth.JoinRecords.Label;
import dev.pqp.stream.groundtruth.JoinRecords.Pending;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values of the join's segmented stores, as small as their figures allow: the entry's time is the
 * store's timestamp and its id the store's key ({@link PredictionKey}), so a value holds only a flags byte,
 * the version and class label by their number in the task's {@link Names}, and the 8-byte doubles it has.
 * A binary prediction (a score) takes 10 bytes, a class prediction 3 or 4; probabilities, and names past
 * the table's capacity, are written out in full.
 *
 * <pre>
 * prediction: flags, version (varint number, or model and version inline), [score], [label], [value], [probabilities]
 * label:      flags, [label], [value]
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

  /** A waiting prediction; its time is the store's. */
  byte[] prediction(Pending p) {
    while (true) {
      try {
        return prediction(p, buffer.clear());
      } catch (BufferOverflowException e) {
        buffer = ByteBuffer.allocate(buffer.capacity() * 2);
      }
    }
  }

  private byte[] prediction(Pending p, ByteBuffer b) {
    b.put((byte) 0);
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

  Pending prediction(byte[] bytes, long timeMs) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int flags = b.get();
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

  /** An early label; its time is the store's. */
  byte[] label(Label l) {
    while (true) {
      try {
        return label(l, buffer.clear());
      } catch (BufferOverflowException e) {
        buffer = ByteBuffer.allocate(buffer.capacity() * 2);
      }
    }
  }

  private byte[] label(Label l, ByteBuffer b) {
    b.put((byte) 0);
    int flags = label(b, l.label());
    if (l.value() != null) {
      flags |= VALUE;
      b.putDouble(l.value());
    }
    b.put(0, (byte) flags);
    return bytes(b);
  }

  Label label(byte[] bytes, long timeMs) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    int flags = b.get();
    String label = label(b, flags);
    return new Label(timeMs, label, (flags & VALUE) != 0 ? b.getDouble() : null);
  }

  static boolean joined(byte[] entry) {
    return (entry[0] & JOINED) != 0;
  }

  /** The same entry, marked joined. */
  static byte[] asJoined(byte[] entry) {
    byte[] copy = entry.clone();
    copy[0] |= JOINED;
    return copy;
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
