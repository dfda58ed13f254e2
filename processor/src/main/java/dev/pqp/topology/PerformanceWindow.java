package dev.pqp.topology;

import dev.pqp.outcome.PerformanceCodec;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.topology.store.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The performance state of one (model, version, prediction-time window): its labelled outcomes, how many
 * valid predictions it had (all of them, and those in the join sample), and whether labels arrived since
 * it was last emitted. Mutable, kept on the heap by {@link PerformanceAggregator}.
 */
final class PerformanceWindow {
  final String model;
  final String version;
  final long start;
  final PerformanceProfile profile;
  long predictions;
  long sampledPredictions;
  boolean unemitted;

  PerformanceWindow(String model, String version, long start, PerformanceProfile profile) {
    this.model = model;
    this.version = version;
    this.start = start;
    this.profile = profile;
  }

  static final ValueCodec<PerformanceWindow> CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(PerformanceWindow w) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        out.writeByte(1); // format
        out.writeUTF(w.model);
        out.writeUTF(w.version);
        out.writeLong(w.start);
        out.writeLong(w.predictions);
        out.writeLong(w.sampledPredictions);
        out.writeBoolean(w.unemitted);
        byte[] profile = PerformanceCodec.encode(w.profile);
        out.writeInt(profile.length);
        out.write(profile);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public PerformanceWindow decode(byte[] bytes) {
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
        int format = in.readByte();
        if (format != 1) {
          throw new IllegalArgumentException("unknown performance window format " + format);
        }
        String model = in.readUTF();
        String version = in.readUTF();
        long start = in.readLong();
        long predictions = in.readLong();
        long sampled = in.readLong();
        boolean unemitted = in.readBoolean();
        byte[] profile = in.readNBytes(in.readInt());
        PerformanceWindow w = new PerformanceWindow(model, version, start, PerformanceCodec.decode(profile));
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
