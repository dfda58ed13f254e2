package dev.pqp.stream.groundtruth;

import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.Calibration;
import dev.pqp.outcome.PerformanceCodec;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.profile.FormatByte;
import dev.pqp.topology.store.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The performance state of one (model, version, prediction-time window): its labelled outcomes, how many
 * valid predictions it had (all of them, and those in the join sample), the scores of all of them per
 * {@link Calibration} bucket, the calibration its labelled binary outcomes show, and whether anything
 * arrived since it was last emitted. Mutable, kept on the heap by {@link PerformanceAggregator}.
 */
public final class PerformanceWindow {
  private static final int FORMAT = 3;

  public final String model;
  public final String version;
  public final long start;
  public final PerformanceProfile profile;
  public final long[] scoreBuckets;
  public final Calibration calibration;
  /** The business outcomes of its predictions, by name. */
  public final BusinessOutcomes business;
  public long predictions;
  public long sampledPredictions;
  public boolean unemitted;

  public PerformanceWindow(String model, String version, long start, PerformanceProfile profile) {
    this(model, version, start, profile, new long[Calibration.BUCKETS], new Calibration(), new BusinessOutcomes());
  }

  private PerformanceWindow(String model, String version, long start, PerformanceProfile profile, long[] scoreBuckets,
      Calibration calibration, BusinessOutcomes business) {
    this.business = business;
    this.model = model;
    this.version = version;
    this.start = start;
    this.profile = profile;
    this.scoreBuckets = scoreBuckets;
    this.calibration = calibration;
  }

  /** Predictions whose score is in [0, 1], the histogram a performance estimate applies to. */
  long scored() {
    long n = 0;
    for (long c : scoreBuckets) {
      n += c;
    }
    return n;
  }

  PositiveClass positiveClass() {
    return profile.positiveClass();
  }

  /**
   * Format 2 adds the score histogram and the calibration to format 1, format 3 the business outcomes; both are
   * still read.
   */
  public static final ValueCodec<PerformanceWindow> CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(PerformanceWindow w) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(FORMAT);
        out.writeUTF(w.model);
        out.writeUTF(w.version);
        out.writeLong(w.start);
        out.writeLong(w.predictions);
        out.writeLong(w.sampledPredictions);
        out.writeBoolean(w.unemitted);
        byte[] profile = PerformanceCodec.encode(w.profile);
        out.writeInt(profile.length);
        out.write(profile);
        for (int b = 0; b < Calibration.BUCKETS; b++) {
          out.writeLong(w.scoreBuckets[b]);
          out.writeLong(w.calibration.labelled(b));
          out.writeLong(w.calibration.positives(b));
        }
        w.business.write(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public PerformanceWindow decode(byte[] bytes) {
      int format = FormatByte.read(bytes, "performance window", 1, 2, FORMAT);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
        String model = in.readUTF();
        String version = in.readUTF();
        long start = in.readLong();
        long predictions = in.readLong();
        long sampled = in.readLong();
        boolean unemitted = in.readBoolean();
        byte[] profile = in.readNBytes(in.readInt());
        long[] buckets = new long[Calibration.BUCKETS];
        long[] labelled = new long[Calibration.BUCKETS];
        long[] positives = new long[Calibration.BUCKETS];
        for (int b = 0; format >= 2 && b < Calibration.BUCKETS; b++) {
          buckets[b] = in.readLong();
          labelled[b] = in.readLong();
          positives[b] = in.readLong();
        }
        BusinessOutcomes business = format >= 3 ? BusinessOutcomes.read(in) : new BusinessOutcomes();
        PerformanceWindow w = new PerformanceWindow(model, version, start, PerformanceCodec.decode(profile), buckets,
            Calibration.of(labelled, positives), business);
        w.predictions = predictions;
        w.sampledPredictions = sampled;
        w.unemitted = unemitted;
        return w;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };
}
