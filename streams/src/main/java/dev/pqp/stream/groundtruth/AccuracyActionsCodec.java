package dev.pqp.stream.groundtruth;

import dev.pqp.action.AccuracyEvidence;
import dev.pqp.action.EpisodeBytes;
import dev.pqp.action.VersionAccuracy;
import dev.pqp.action.WindowEvidence;
import dev.pqp.outcome.Calibration;
import dev.pqp.topology.store.DataCodec;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The stored form of a version's {@link VersionAccuracy}: format byte 1; the baseline's start, labelled and correct
 * counts and the last sealed window's start; the baseline calibration (labelled and positives per bucket); then the
 * realized and the estimated episode ({@link EpisodeBytes}, each window's evidence its accuracy, baseline, labelled
 * count and whether it is estimated).
 */
public final class AccuracyActionsCodec extends DataCodec<VersionAccuracy> {
  public static final AccuracyActionsCodec CODEC = new AccuracyActionsCodec();
  static final byte FORMAT = 1;

  private AccuracyActionsCodec() {
    super("accuracy actions", FORMAT);
  }

  @Override
  protected void write(DataOutputStream out, VersionAccuracy v) throws IOException {
    for (long c : v.baselineCounts()) {
      out.writeLong(c);
    }
    Calibration cal = v.baselineCalibration();
    for (int b = 0; b < Calibration.BUCKETS; b++) {
      out.writeLong(cal.labelled(b));
      out.writeLong(cal.positives(b));
    }
    EpisodeBytes.write(out, v.realizedEpisode(), AccuracyActionsCodec::writeAccuracy);
    EpisodeBytes.write(out, v.estimatedEpisode(), AccuracyActionsCodec::writeAccuracy);
  }

  private static void writeAccuracy(DataOutput out, WindowEvidence w) throws IOException {
    AccuracyEvidence a = w.accuracy();
    out.writeDouble(a.accuracy());
    out.writeDouble(a.baseline());
    out.writeLong(a.labelled());
    out.writeBoolean(a.estimated());
  }

  @Override
  protected VersionAccuracy read(int format, DataInputStream in) throws IOException {
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
    return VersionAccuracy.of(counts, Calibration.of(labelled, positives),
        EpisodeBytes.read(in, AccuracyActionsCodec::readAccuracy), EpisodeBytes.read(in, AccuracyActionsCodec::readAccuracy));
  }

  private static WindowEvidence readAccuracy(DataInput in, long start, long end) throws IOException {
    return WindowEvidence.of(start, end,
        new AccuracyEvidence(in.readDouble(), in.readDouble(), in.readLong(), in.readBoolean()));
  }
}
