package dev.pqp.stream.action;

import dev.pqp.action.Episode;
import dev.pqp.action.EpisodeBytes;
import dev.pqp.action.WindowEvidence;
import dev.pqp.topology.store.DataCodec;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of an {@link Episode}: format byte 1, the last window's start, the open episode's start, then the
 * streak's windows (start, end, drift share or none, the drifted features with their scores).
 */
public final class EpisodeCodec extends DataCodec<Episode> {
  public static final EpisodeCodec CODEC = new EpisodeCodec();
  static final byte FORMAT = 1;

  private EpisodeCodec() {
    super("action episode", FORMAT);
  }

  @Override
  protected void write(DataOutputStream out, Episode e) throws IOException {
    EpisodeBytes.write(out, e, EpisodeCodec::writeDrift);
  }

  private static void writeDrift(DataOutput out, WindowEvidence w) throws IOException {
    out.writeBoolean(w.driftShare() != null);
    out.writeDouble(w.driftShare() == null ? 0 : w.driftShare());
    out.writeInt(w.driftedFeatures().size());
    for (Map.Entry<String, Double> f : w.driftedFeatures().entrySet()) {
      out.writeUTF(f.getKey());
      out.writeDouble(f.getValue());
    }
  }

  @Override
  protected Episode read(int format, DataInputStream in) throws IOException {
    return EpisodeBytes.read(in, EpisodeCodec::readDrift);
  }

  private static WindowEvidence readDrift(DataInput in, long start, long end) throws IOException {
    boolean hasShare = in.readBoolean();
    double share = in.readDouble();
    int features = in.readInt();
    Map<String, Double> drifted = new TreeMap<>();
    for (int j = 0; j < features; j++) {
      drifted.put(in.readUTF(), in.readDouble());
    }
    return new WindowEvidence(start, end, hasShare ? share : null, drifted);
  }
}
