package dev.pqp.stream.comparison;

import dev.pqp.comparison.ModelTally;
import dev.pqp.comparison.Moments;
import dev.pqp.topology.store.DataCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stored form of a {@link ModelTally}: format byte 2, the number of versions, then per version its name, its
 * totals (count, sum, sum of squares) and its open windows (start, count, sum, sum of squares). Format 1 (release
 * 0.5, rates only: totals labelled and correct, windows start, labelled, correct) is still read.
 */
public final class TallyCodec extends DataCodec<ModelTally> {
  public static final TallyCodec CODEC = new TallyCodec();
  static final byte FORMAT = 2;

  private TallyCodec() {
    super("comparison tally", FORMAT, 1);
  }

  @Override
  protected void write(DataOutputStream out, ModelTally t) throws IOException {
    Map<String, ModelTally.Parts> parts = t.parts();
    out.writeInt(parts.size());
    for (Map.Entry<String, ModelTally.Parts> v : parts.entrySet()) {
      out.writeUTF(v.getKey());
      write(out, v.getValue().total());
      out.writeInt(v.getValue().windows().size());
      for (Map.Entry<Long, Moments> w : v.getValue().windows().entrySet()) {
        out.writeLong(w.getKey());
        write(out, w.getValue());
      }
    }
  }

  private static void write(DataOutputStream out, Moments m) throws IOException {
    out.writeLong(m.n());
    out.writeDouble(m.sum());
    out.writeDouble(m.sumOfSquares());
  }

  private static Moments read(DataInputStream in) throws IOException {
    return new Moments(in.readLong(), in.readDouble(), in.readDouble());
  }

  @Override
  protected ModelTally read(int format, DataInputStream in) throws IOException {
    Map<String, ModelTally.Parts> parts = new TreeMap<>();
    int versions = in.readInt();
    for (int i = 0; i < versions; i++) {
      String name = in.readUTF();
      parts.put(name, format == 1 ? readRates(in) : readMoments(in));
    }
    return ModelTally.of(parts);
  }

  private static ModelTally.Parts readMoments(DataInputStream in) throws IOException {
    Moments total = read(in);
    SortedMap<Long, Moments> windows = new TreeMap<>();
    int n = in.readInt();
    for (int w = 0; w < n; w++) {
      windows.put(in.readLong(), read(in));
    }
    return new ModelTally.Parts(total, windows);
  }

  /** Format 1: rows of longs, the first the totals (labelled, correct), then one per window (start, labelled, correct). */
  private static ModelTally.Parts readRates(DataInputStream in) throws IOException {
    long[][] rows = new long[in.readInt()][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = new long[in.readByte()];
      for (int c = 0; c < rows[r].length; c++) {
        rows[r][c] = in.readLong();
      }
    }
    SortedMap<Long, Moments> windows = new TreeMap<>();
    for (int r = 1; r < rows.length; r++) {
      windows.put(rows[r][0], Moments.bernoulli(rows[r][1], rows[r][2]));
    }
    return new ModelTally.Parts(Moments.bernoulli(rows[0][0], rows[0][1]), windows);
  }
}
