package dev.pqp.action;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link Episode}'s bytes: its last window's start, its open episode's start, then its streak's windows (start,
 * end, and what the action's evidence adds).
 */
public final class EpisodeBytes {
  private EpisodeBytes() {}

  /** Writes what a window's evidence holds beyond its start and end. */
  public interface EvidenceWriter {
    void write(DataOutput out, WindowEvidence w) throws IOException;
  }

  /** Reads a window's evidence, its start and end read. */
  public interface EvidenceReader {
    WindowEvidence read(DataInput in, long start, long end) throws IOException;
  }

  public static void write(DataOutput out, Episode e, EvidenceWriter evidence) throws IOException {
    out.writeLong(e.lastWindowStart());
    out.writeLong(e.openSince());
    List<WindowEvidence> streak = e.streak();
    out.writeInt(streak.size());
    for (WindowEvidence w : streak) {
      out.writeLong(w.windowStart());
      out.writeLong(w.windowEnd());
      evidence.write(out, w);
    }
  }

  public static Episode read(DataInput in, EvidenceReader evidence) throws IOException {
    long last = in.readLong();
    long since = in.readLong();
    int n = in.readInt();
    List<WindowEvidence> streak = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long start = in.readLong();
      long end = in.readLong();
      streak.add(evidence.read(in, start, end));
    }
    return Episode.of(last, since, streak);
  }
}
