package dev.pqp.stream.groundtruth;

import dev.pqp.action.AccuracyEvidence;
import dev.pqp.action.Episode;
import dev.pqp.action.VersionAccuracy;
import dev.pqp.action.WindowEvidence;
import dev.pqp.outcome.Calibration;
import dev.pqp.profile.FormatByte;
import dev.pqp.topology.store.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a version's {@link VersionAccuracy}: format byte 1; the baseline's start, labelled and correct
 * counts and the last sealed window's start; the baseline calibration (labelled and positives per bucket); then the
 * realized and the estimated episode, each its last window's start, its open episode's start and its streak (start,
 * end, accuracy, baseline, labelled, estimated per window).
 */
public final class AccuracyActionsCodec implements ValueCodec<VersionAccuracy> {
  public static final AccuracyActionsCodec CODEC = new AccuracyActionsCodec();
  static final byte FORMAT = 1;

  private AccuracyActionsCodec() {}

  @Override
  public byte[] encode(VersionAccuracy v) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT);
      for (long c : v.baselineCounts()) {
        out.writeLong(c);
      }
      Calibration cal = v.baselineCalibration();
      for (int b = 0; b < Calibration.BUCKETS; b++) {
        out.writeLong(cal.labelled(b));
        out.writeLong(cal.positives(b));
      }
      write(out, v.realizedEpisode());
      write(out, v.estimatedEpisode());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(DataOutputStream out, Episode e) throws IOException {
    out.writeLong(e.lastWindowStart());
    out.writeLong(e.openSince());
    List<WindowEvidence> streak = e.streak();
    out.writeInt(streak.size());
    for (WindowEvidence w : streak) {
      AccuracyEvidence a = w.accuracy();
      out.writeLong(w.windowStart());
      out.writeLong(w.windowEnd());
      out.writeDouble(a.accuracy());
      out.writeDouble(a.baseline());
      out.writeLong(a.labelled());
      out.writeBoolean(a.estimated());
    }
  }

  @Override
  public VersionAccuracy decode(byte[] bytes) {
    FormatByte.read(bytes, "accuracy actions", FORMAT);
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
      long[] counts = new long[4];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = in.readLong();
      }
      long[] labelled = new long[Calibration.BUCKETS];
      long[] positives = new long[Calibration.BUCKETS];
      for (int b = 0; b < Calibration.BUCKETS; b++) {
        labelled[b] = in.readLong();
        positives[b] = in.readLong();
      }
      return VersionAccuracy.of(counts, Calibration.of(labelled, positives), read(in), read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Episode read(DataInputStream in) throws IOException {
    long last = in.readLong();
    long since = in.readLong();
    int n = in.readInt();
    List<WindowEvidence> streak = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long start = in.readLong();
      long end = in.readLong();
      streak.add(WindowEvidence.of(start, end,
          new AccuracyEvidence(in.readDouble(), in.readDouble(), in.readLong(), in.readBoolean())));
    }
    return Episode.of(last, since, streak);
  }
}
