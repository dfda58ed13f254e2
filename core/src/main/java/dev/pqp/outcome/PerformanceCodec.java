package dev.pqp.outcome;

import dev.pqp.profile.ProfileFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * The versioned binary form of a {@link PerformanceProfile}, for state stores and changelogs: a format
 * byte, then the positive labels, counts and sums (big-endian, fixed width) and the sketches as their
 * own {@code toByteArray()} bytes, length-prefixed. Confusion cells are written sorted, so equal
 * profiles give equal bytes. Decoding failures throw {@link ProfileFormatException}.
 */
public final class PerformanceCodec {
  static final int FORMAT = 1;

  private PerformanceCodec() {}

  public static byte[] encode(PerformanceProfile p) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      List<String> positives = new ArrayList<>();
      p.positiveClass().sorted().forEach(positives::add);
      out.writeInt(positives.size());
      for (String label : positives) {
        out.writeUTF(label);
      }
      out.writeInt(p.k());
      out.writeLong(p.labelled);
      writeSketch(out, p.delaySeconds);
      BinaryTally b = p.binary;
      for (long n : new long[] {b.truePositives, b.falsePositives, b.trueNegatives, b.falseNegatives}) {
        out.writeLong(n);
      }
      out.writeDouble(b.logLossSum);
      out.writeDouble(b.brierSum);
      writeSketch(out, b.positiveScores);
      writeSketch(out, b.negativeScores);
      writeClasses(out, p.classes);
      RegressionTally r = p.regression;
      out.writeLong(r.count);
      out.writeLong(r.zeroTruths);
      for (double s : new double[] {r.sumAbsError, r.sumSquaredError, r.sumError, r.sumAbsPercentageError}) {
        out.writeDouble(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  public static PerformanceProfile decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new ProfileFormatException("unknown performance profile format " + format);
      }
      String[] positives = new String[size(in, bytes.length)];
      for (int i = 0; i < positives.length; i++) {
        positives[i] = in.readUTF();
      }
      int k = in.readInt();
      long labelled = in.readLong();
      KllDoublesSketch delay = readSketch(in, bytes.length);
      BinaryTally b = readBinary(in, bytes.length);
      ClassConfusion classes = readClasses(in, bytes.length);
      RegressionTally r = new RegressionTally();
      r.count = in.readLong();
      r.zeroTruths = in.readLong();
      r.sumAbsError = in.readDouble();
      r.sumSquaredError = in.readDouble();
      r.sumError = in.readDouble();
      r.sumAbsPercentageError = in.readDouble();
      if (in.available() > 0) {
        throw new ProfileFormatException("corrupt performance profile: " + in.available() + " trailing bytes");
      }
      PerformanceProfile p = new PerformanceProfile(PositiveClass.of(positives), k, b, classes, r, delay);
      p.labelled = labelled;
      return p;
    } catch (IOException | IllegalArgumentException e) {
      throw new ProfileFormatException("corrupt or truncated performance profile: " + e.getMessage(), e);
    }
  }

  private static BinaryTally readBinary(DataInputStream in, int limit) throws IOException {
    long[] counts = {in.readLong(), in.readLong(), in.readLong(), in.readLong()};
    double logLoss = in.readDouble();
    double brier = in.readDouble();
    BinaryTally b = new BinaryTally(readSketch(in, limit), readSketch(in, limit));
    b.truePositives = counts[0];
    b.falsePositives = counts[1];
    b.trueNegatives = counts[2];
    b.falseNegatives = counts[3];
    b.logLossSum = logLoss;
    b.brierSum = brier;
    return b;
  }

  private static void writeClasses(DataOutputStream out, ClassConfusion c) throws IOException {
    out.writeInt(c.cap);
    out.writeLong(c.correct);
    out.writeInt(c.classes.size());
    for (String name : c.classes) {
      out.writeUTF(name);
    }
    Map<String, Map<String, Long>> sorted = new TreeMap<>();
    c.cells.forEach((cell, n) -> sorted.computeIfAbsent(cell.truth(), t -> new TreeMap<>()).put(cell.predicted(), n));
    out.writeInt(c.cells.size());
    for (Map.Entry<String, Map<String, Long>> row : sorted.entrySet()) {
      for (Map.Entry<String, Long> cell : row.getValue().entrySet()) {
        out.writeUTF(row.getKey());
        out.writeUTF(cell.getKey());
        out.writeLong(cell.getValue());
      }
    }
  }

  private static ClassConfusion readClasses(DataInputStream in, int limit) throws IOException {
    ClassConfusion c = new ClassConfusion(in.readInt());
    c.correct = in.readLong();
    int names = size(in, limit);
    for (int i = 0; i < names; i++) {
      c.classes.add(in.readUTF());
    }
    int cells = size(in, limit);
    for (int i = 0; i < cells; i++) {
      c.cells.put(new ClassConfusion.Cell(in.readUTF(), in.readUTF()), in.readLong());
    }
    return c;
  }

  private static void writeSketch(DataOutputStream out, KllDoublesSketch s) throws IOException {
    byte[] b = s.toByteArray();
    out.writeInt(b.length);
    out.write(b);
  }

  private static KllDoublesSketch readSketch(DataInputStream in, int limit) throws IOException {
    byte[] b = new byte[size(in, limit)];
    in.readFully(b);
    try {
      return KllDoublesSketch.heapify(Memory.wrap(b));
    } catch (RuntimeException e) {
      throw new ProfileFormatException("corrupt KLL sketch in performance profile", e);
    }
  }

  /** A count or length, bounded by the input size so corrupt bytes cannot allocate gigabytes. */
  private static int size(DataInputStream in, int limit) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > limit) {
      throw new ProfileFormatException("corrupt performance profile: size " + n + " of a " + limit + "-byte input");
    }
    return n;
  }
}
