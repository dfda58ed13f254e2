package dev.pqp.profile;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The body encoding of feature profiles and their sketches, shared by {@link ProfileCodec}'s window and
 * feature formats. Versioning is the caller's: this class writes no version byte.
 */
final class FeatureCodec {
  private static final int NUMERIC = 1;
  private static final int CATEGORICAL = 2;
  private static final int BOOLEAN = 3;

  private FeatureCodec() {}

  static void writeFeature(BinaryOut out, FeatureProfile p) {
    if (p instanceof NumericProfile n) {
      out.writeByte(NUMERIC);
      writeNumeric(out, n);
    } else if (p instanceof CategoricalProfile c) {
      out.writeByte(c.kind() == FeatureKind.BOOLEAN ? BOOLEAN : CATEGORICAL);
      writeCategorical(out, c);
    }
  }

  static FeatureProfile readFeature(BinaryIn in) {
    int code = in.readByte("feature kind");
    return switch (code) {
      case NUMERIC -> readNumeric(in);
      case CATEGORICAL -> readCategorical(in, FeatureKind.CATEGORICAL);
      case BOOLEAN -> readCategorical(in, FeatureKind.BOOLEAN);
      default -> throw new ProfileFormatException(
          "corrupt profile: unknown feature kind code " + code + " at offset " + (in.position() - 1));
    };
  }

  private static void writeNumeric(BinaryOut out, NumericProfile p) {
    out.writeVarLong(p.missing());
    out.writeVarLong(p.invalid());
    out.writeVarLong(p.outOfRange());
    Moments m = p.moments();
    out.writeVarLong(m.count());
    out.writeDouble(m.mean());
    out.writeDouble(m.m2());
    out.writeDouble(m.min());
    out.writeDouble(m.max());
    writeKll(out, p.sketch());
    Bins bins = p.bins();
    out.writeVarLong(bins == null ? 0 : bins.edges().length + 1);
    if (bins != null) {
      for (double e : bins.edges()) {
        out.writeDouble(e);
      }
      for (long c : bins.counts()) {
        out.writeVarLong(c);
      }
    }
  }

  private static NumericProfile readNumeric(BinaryIn in) {
    long missing = in.readVarLong("missing");
    long invalid = in.readVarLong("invalid");
    long outOfRange = in.readVarLong("outOfRange");
    Moments m = Moments.of(in.readVarLong("moments count"), in.readDouble("mean"), in.readDouble("m2"),
        in.readDouble("min"), in.readDouble("max"));
    NumericProfile p = new NumericProfile(readKll(in, "numeric sketch"), m, missing, invalid, outOfRange);
    int n = in.readSize("bin count");
    if (n > 0) {
      double[] edges = new double[n - 1];
      for (int i = 0; i < edges.length; i++) {
        edges[i] = in.readDouble("bin edge");
      }
      long[] counts = new long[n];
      for (int i = 0; i < n; i++) {
        counts[i] = in.readVarLong("bin count");
      }
      p.restoreBins(new Bins(edges, counts));
    }
    return p;
  }

  static void writeCategorical(BinaryOut out, CategoricalProfile p) {
    out.writeVarLong(p.cap());
    out.writeVarLong(p.tailMapSize());
    out.writeVarLong(p.missing());
    out.writeVarLong(p.invalid());
    out.writeVarLong(p.unseenInReference());
    Map<String, Long> exact = new TreeMap<>(p.exactCounts()); // sorted: equal profiles, equal bytes
    out.writeVarLong(exact.size());
    exact.forEach((category, n) -> {
      out.writeString(category);
      out.writeVarLong(n);
    });
    ItemsSketch<String> tail = p.tail();
    out.writeBytes(tail == null ? new byte[0] : tail.toByteArray(CategoricalProfile.SERDE));
  }

  static CategoricalProfile readCategorical(BinaryIn in, FeatureKind kind) {
    int cap = (int) in.readVarLong("category cap");
    int mapSize = (int) in.readVarLong("tail map size");
    if (cap < 0 || mapSize < 8 || Integer.bitCount(mapSize) != 1) {
      throw new ProfileFormatException("corrupt categorical profile: cap " + cap + ", tail map size " + mapSize
          + " before offset " + in.position());
    }
    long missing = in.readVarLong("missing");
    long invalid = in.readVarLong("invalid");
    long unseen = in.readVarLong("unseen");
    int n = in.readSize("exact category count");
    Map<String, Long> exact = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      exact.put(in.readString("category"), in.readVarLong("category count"));
    }
    byte[] tailBytes = in.readBytes("tail sketch");
    ItemsSketch<String> tail = null;
    if (tailBytes.length > 0) {
      try {
        tail = ItemsSketch.getInstance(Memory.wrap(tailBytes), CategoricalProfile.SERDE);
      } catch (RuntimeException e) {
        throw new ProfileFormatException("corrupt frequent-items sketch before offset " + in.position(), e);
      }
    }
    return CategoricalProfile.restore(kind, cap, mapSize, exact, tail, missing, invalid, unseen);
  }

  static void writeKll(BinaryOut out, KllDoublesSketch s) {
    out.writeBytes(s.toByteArray());
  }

  static KllDoublesSketch readKll(BinaryIn in, String what) {
    byte[] bytes = in.readBytes(what);
    try {
      return KllDoublesSketch.heapify(Memory.wrap(bytes));
    } catch (RuntimeException e) {
      throw new ProfileFormatException("corrupt " + what + " before offset " + in.position(), e);
    }
  }
}
