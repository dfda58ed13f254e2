package dev.pqp.topology;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.topology.store.ValueCodec;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * What stage 2 remembers per model version beyond its open windows: the automatic baseline built from its
 * first complete windows, the end of the last finalized window, late events dropped, and the stream time
 * that each stage-1 task (source partition) reported for this version.
 */
final class VersionState {
  private static final byte FORMAT = 2;

  int baselineWindows;
  long baselineStart = Long.MIN_VALUE;
  WindowProfile baseline;
  long lastFinalizedEnd = Long.MIN_VALUE;
  long lateDropped;
  /** Stage-1 partition to the highest stream time it sent with a partial or tick of this version. */
  final Map<Integer, Long> sourceTimes = new TreeMap<>();

  /**
   * The stream time of this version at stage 2: the lowest of the {@code sources} stage-1 tasks' stream
   * times, or {@code Long.MIN_VALUE} while one of them has not reported. A task that runs ahead (catching
   * up a backlog, after a restart) must not close windows that the others still have partials for.
   */
  long streamTime(int sources) {
    long min = Long.MAX_VALUE;
    for (int s = 0; s < sources; s++) {
      Long t = sourceTimes.get(s);
      if (t == null) {
        return Long.MIN_VALUE;
      }
      min = Math.min(min, t);
    }
    return min;
  }

  /** Adds a finalized window to the automatic baseline while it has fewer than {@code needed} windows. */
  void addToBaseline(long windowStart, WindowProfile window, int needed, ProfileConfig config) {
    if (baselineWindows >= needed) {
      return;
    }
    if (baseline == null) {
      baseline = new WindowProfile(config);
      baselineStart = windowStart;
    }
    baseline.merge(window);
    baselineWindows++;
  }

  boolean baselineComplete(int needed) {
    return baseline != null && baselineWindows >= needed;
  }

  static final ValueCodec<VersionState> CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(VersionState s) {
      byte[] p = s.baseline == null ? new byte[0] : ProfileCodec.encode(s.baseline);
      ByteBuffer b = ByteBuffer.allocate(1 + 4 + 8 * 4 + 4 + p.length + 4 + 12 * s.sourceTimes.size())
          .put(FORMAT).putInt(s.baselineWindows)
          .putLong(s.baselineStart).putLong(s.lastFinalizedEnd).putLong(s.lateDropped).putLong(0)
          .putInt(p.length).put(p);
      b.putInt(s.sourceTimes.size());
      s.sourceTimes.forEach((source, time) -> b.putInt(source).putLong(time));
      return b.array();
    }

    @Override
    public VersionState decode(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte format = b.get();
      if (format != FORMAT && format != 1) {
        throw new IllegalStateException("version state format " + format + " is not supported");
      }
      VersionState s = new VersionState();
      s.baselineWindows = b.getInt();
      s.baselineStart = b.getLong();
      s.lastFinalizedEnd = b.getLong();
      s.lateDropped = b.getLong();
      b.getLong(); // reserved
      byte[] p = new byte[b.getInt()];
      b.get(p);
      s.baseline = p.length == 0 ? null : ProfileCodec.decode(p);
      int sources = format == 1 ? 0 : b.getInt();
      for (int i = 0; i < sources; i++) {
        s.sourceTimes.put(b.getInt(), b.getLong());
      }
      return s;
    }
  };

  static final ValueCodec<Long> LONG_CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(Long v) {
      return ByteBuffer.allocate(8).putLong(v).array();
    }

    @Override
    public Long decode(byte[] bytes) {
      return ByteBuffer.wrap(bytes).getLong();
    }
  };

  static final ValueCodec<WindowProfile> PROFILE_CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(WindowProfile p) {
      return ProfileCodec.encode(p);
    }

    @Override
    public WindowProfile decode(byte[] bytes) {
      return ProfileCodec.decode(bytes);
    }
  };
}
