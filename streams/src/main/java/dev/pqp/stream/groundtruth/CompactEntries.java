package dev.pqp.stream.groundtruth;

import dev.pqp.stream.groundtruth.JoinRecords.Label;
import dev.pqp.stream.groundtruth.JoinRecords.Pending;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * prediction: flags, offset (zigzag varint ms), [outcome bits], version (varint number, or model and version
 *             inline), [score], [label], [value], [probabilities]
 * joined:     flags (joined, outcomes), offset, outcome bits, version: a prediction that got its label, which
 *             business outcomes may still find (entries of earlier releases are the flags and the offset alone,
 *             or whole predictions with the joined flag, read the same way)
 * label:      flags, offset (zigzag varint ms), [label], [value]
 * early outcomes (under {@link PredictionKey#outcomes}): flags (0), offset, count, then per outcome its name,
 *             value (8 bytes) and time after the offset (zigzag varint ms)
 * </pre>
 *
 * <p>The outcome bits say which business outcomes a prediction got, by their number in {@link Names}: the first
 * report of each counts, a later one is a duplicate.
 */
final class CompactEntries {
  static final int JOINED = 1;
  private static final int SCORE = 1 << 1;
  private static final int LABEL = 1 << 2;
  private static final int LABEL_INLINE = 1 << 3;
  private static final int VALUE = 1 << 4;
  private static final int PROBABILITIES = 1 << 5;
  private static final int VERSION_INLINE = 1 << 6;
  /** The entry carries outcome bits after its offset (and, joined, its version after them). */
  private static final int OUTCOMES = 1 << 7;

  private final Names names;
  /** Reused for every entry; doubled when one does not fit. */
  private ByteBuffer buffer = ByteBuffer.allocate(256);

  CompactEntries(Names names) {
    this.names = names;
  }

  /** A waiting prediction at {@code timeMs}, in the segment starting at {@code slot}. */
  byte[] prediction(Pending p, long timeMs, long slot) {
    return prediction(p, timeMs, slot, 0L);
  }

  /** A waiting prediction that got the outcomes of {@code bits} already (they came before it). */
  byte[] prediction(Pending p, long timeMs, long slot, long bits) {
    return written(b -> prediction(p, timeMs - slot, bits, true, b));
  }

  /** A prediction that joined as it came (its label was waiting), with the outcomes of {@code bits}: see {@link #asJoined}. */
  byte[] joined(Pending p, long timeMs, long slot, long bits) {
    return written(b -> prediction(p, timeMs - slot, bits, false, b));
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

  private byte[] prediction(Pending p, long offset, long bits, boolean whole, ByteBuffer b) {
    b.put((byte) 0);
    zigzag(b, offset);
    int flags = p.joined() || !whole ? JOINED : 0;
    if (bits != 0 || !whole) {
      flags |= OUTCOMES;
      varlong(b, bits);
    }
    flags |= version(b, p);
    if (!whole) {
      b.put(0, (byte) flags);
      return bytes(b);
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

  /** The version's number, or its model and version inline past the table's capacity: the flag that says which. */
  private int version(ByteBuffer b, Pending p) {
    int version = names.version(p.model(), p.version());
    if (version < 0) {
      string(b, p.model());
      string(b, p.version());
      return VERSION_INLINE;
    }
    varint(b, version);
    return 0;
  }

  /**
   * The prediction of an entry in the segment starting at {@code slot}; of a joined one, its version and time
   * alone; null for the joined entries of earlier releases that kept only their time.
   */
  Pending prediction(byte[] bytes, long slot) {
    Head h = Head.of(bytes);
    if (h.end() == bytes.length) {
      return null;
    }
    int flags = h.flags();
    long timeMs = slot + h.offset();
    ByteBuffer b = ByteBuffer.wrap(bytes);
    b.position(h.end());
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

  /** The bit of business outcome {@code name}; -1 past {@link Names#OUTCOMES} names. */
  int outcomeBit(String name) {
    return names.outcome(name);
  }

  /** The outcome bits of an entry: which business outcomes its prediction got. */
  static long outcomes(byte[] entry) {
    return Head.of(entry).bits();
  }

  /** The entry with the outcome bits {@code bits}, the rest as it was. */
  static byte[] withOutcomes(byte[] entry, long bits) {
    Head h = Head.of(entry);
    ByteBuffer out = ByteBuffer.allocate(entry.length + 10);
    new Head(h.flags() | OUTCOMES, h.offset(), bits, 0).write(out);
    out.put(entry, h.end(), entry.length - h.end());
    return bytes(out);
  }

  /**
   * What every entry begins with: its flags, its offset and, with {@link #OUTCOMES}, its outcome bits (0 without);
   * {@code end} is where the rest begins.
   */
  private record Head(int flags, long offset, long bits, int end) {
    static Head of(byte[] entry) {
      ByteBuffer in = ByteBuffer.wrap(entry);
      int flags = in.get();
      long offset = zigzag(in);
      long bits = (flags & OUTCOMES) != 0 ? varlong(in) : 0L;
      return new Head(flags, offset, bits, in.position());
    }

    /** Writes the flags, the offset and, with {@link #OUTCOMES} in the flags, the bits. */
    void write(ByteBuffer out) {
      out.put((byte) flags);
      zigzag(out, offset);
      if ((flags & OUTCOMES) != 0) {
        varlong(out, bits);
      }
    }
  }

  /**
   * What a prediction's entry becomes once it joined: the joined flag, its time, its outcome bits and its
   * version, nothing else, since its label's outcome is counted, a later label only needs to find that it joined
   * (a duplicate) and a business outcome which version and window it counts for. 4 to 8 bytes in place of 13
   * to 15: the store and its changelog keep every joined prediction until it expires.
   */
  static byte[] asJoined(byte[] entry) {
    Head h = Head.of(entry);
    int start = h.end();
    if (start == entry.length) {
      return entry; // joined already, as earlier releases kept it
    }
    ByteBuffer in = ByteBuffer.wrap(entry);
    in.position(start);
    if ((h.flags() & VERSION_INLINE) != 0) {
      for (int name = 0; name < 2; name++) { // the model's and the version's UTF-8, each after its length
        int length = varint(in);
        in.position(in.position() + length);
      }
    } else {
      varint(in);
    }
    ByteBuffer out = ByteBuffer.allocate(in.position() - start + 21);
    new Head(JOINED | OUTCOMES | (h.flags() & VERSION_INLINE), h.offset(), h.bits(), 0).write(out);
    out.put(entry, start, in.position() - start);
    return bytes(out);
  }

  /** One business outcome waiting for its prediction. */
  record EarlyOutcome(String name, double value, long timeMs) {}

  /** The outcomes of {@code l}, which came before their prediction, at {@code timeMs} in segment {@code slot}. */
  byte[] earlyOutcomes(Label l, long timeMs, long slot) {
    List<EarlyOutcome> list = new ArrayList<>();
    new TreeMap<>(l.outcomes()).forEach((name, value) -> list.add(new EarlyOutcome(name, value, timeMs)));
    return earlyOutcomes(list, timeMs - slot, slot);
  }

  /** {@code outcomes} stored {@code offset} ms into segment {@code slot}. */
  byte[] earlyOutcomes(List<EarlyOutcome> outcomes, long offset, long slot) {
    return written(b -> {
      b.put((byte) 0);
      zigzag(b, offset);
      varint(b, outcomes.size());
      for (EarlyOutcome o : outcomes) {
        string(b, o.name());
        b.putDouble(o.value());
        zigzag(b, o.timeMs() - slot - offset);
      }
      return bytes(b);
    });
  }

  /** The outcomes of an early-outcomes entry in segment {@code slot}, in the order they came. */
  static List<EarlyOutcome> earlyOutcomes(byte[] entry, long slot) {
    ByteBuffer b = ByteBuffer.wrap(entry);
    b.get();
    long at = slot + zigzag(b);
    int n = varint(b);
    List<EarlyOutcome> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String name = string(b);
      double value = b.getDouble();
      out.add(new EarlyOutcome(name, value, at + zigzag(b)));
    }
    return out;
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
