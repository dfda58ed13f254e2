package dev.pqp.stream.comparison;

import dev.pqp.comparison.ModelTally;
import dev.pqp.topology.store.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of a {@link ModelTally}: format byte 1, the number of versions, then per version its name, its
 * totals (labelled, correct) and its open windows (start, labelled, correct).
 */
public final class TallyCodec implements ValueCodec<ModelTally> {
  public static final TallyCodec CODEC = new TallyCodec();
  static final byte FORMAT = 1;

  private TallyCodec() {}

  @Override
  public byte[] encode(ModelTally t) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT);
      Map<String, long[][]> parts = t.parts();
      out.writeInt(parts.size());
      for (Map.Entry<String, long[][]> v : parts.entrySet()) {
        out.writeUTF(v.getKey());
        out.writeInt(v.getValue().length);
        for (long[] row : v.getValue()) {
          out.writeByte(row.length);
          for (long x : row) {
            out.writeLong(x);
          }
        }
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public ModelTally decode(byte[] bytes) {
    dev.pqp.profile.FormatByte.read(bytes, "comparison tally", FORMAT);
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
      Map<String, long[][]> parts = new TreeMap<>();
      int versions = in.readInt();
      for (int i = 0; i < versions; i++) {
        String name = in.readUTF();
        long[][] rows = new long[in.readInt()][];
        for (int r = 0; r < rows.length; r++) {
          rows[r] = new long[in.readByte()];
          for (int c = 0; c < rows[r].length; c++) {
            rows[r][c] = in.readLong();
          }
        }
        parts.put(name, rows);
      }
      return ModelTally.of(parts);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
