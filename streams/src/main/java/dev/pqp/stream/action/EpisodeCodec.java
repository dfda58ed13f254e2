package dev.pqp.stream.action;

import dev.pqp.action.Episode;
import dev.pqp.action.WindowEvidence;
import dev.pqp.topology.store.ValueCodec;
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

/**
 * The stored form of an {@link Episode}: format byte 1, the last window's start, the open episode's start, then the
 * streak's windows (start, end, drift share or none, the drifted features with their scores).
 */
public final class EpisodeCodec implements ValueCodec<Episode> {
  public static final EpisodeCodec CODEC = new EpisodeCodec();
  static final byte FORMAT = 1;

  private EpisodeCodec() {}

  @Override
  public byte[] encode(Episode e) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(FORMAT);
      out.writeLong(e.lastWindowStart());
      out.writeLong(e.openSince());
      List<WindowEvidence> streak = e.streak();
      out.writeInt(streak.size());
      for (WindowEvidence w : streak) {
        out.writeLong(w.windowStart());
        out.writeLong(w.windowEnd());
        out.writeBoolean(w.driftShare() != null);
        out.writeDouble(w.driftShare() == null ? 0 : w.driftShare());
        out.writeInt(w.driftedFeatures().size());
        for (Map.Entry<String, Double> f : w.driftedFeatures().entrySet()) {
          out.writeUTF(f.getKey());
          out.writeDouble(f.getValue());
        }
      }
      return bytes.toByteArray();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public Episode decode(byte[] bytes) {
    dev.pqp.profile.FormatByte.read(bytes, "action episode", FORMAT);
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1));
      long last = in.readLong();
      long since = in.readLong();
      int n = in.readInt();
      List<WindowEvidence> streak = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        long start = in.readLong();
        long end = in.readLong();
        boolean hasShare = in.readBoolean();
        double share = in.readDouble();
        int features = in.readInt();
        Map<String, Double> drifted = new TreeMap<>();
        for (int j = 0; j < features; j++) {
          drifted.put(in.readUTF(), in.readDouble());
        }
        streak.add(new WindowEvidence(start, end, hasShare ? share : null, drifted));
      }
      return Episode.of(last, since, streak);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
