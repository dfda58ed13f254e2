package dev.pqp.topology;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.topology.store.ValueCodec;
import java.nio.ByteBuffer;

/**
 * What stage 2 remembers per model version beyond its open windows: the automatic baseline built from its
 * first complete windows, the end of the last finalized window, and late events dropped.
 */
final class VersionState {
  private static final byte FORMAT = 1;

  int baselineWindows;
  long baselineStart = Long.MIN_VALUE;
  WindowProfile baseline;
  long lastFinalizedEnd = Long.MIN_VALUE;
  long lateDropped;

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
      return ByteBuffer.allocate(1 + 4 + 8 * 4 + 4 + p.length).put(FORMAT).putInt(s.baselineWindows)
          .putLong(s.baselineStart).putLong(s.lastFinalizedEnd).putLong(s.lateDropped).putLong(0)
          .putInt(p.length).put(p).array();
    }

    @Override
    public VersionState decode(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte format = b.get();
      if (format != FORMAT) {
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
      return s;
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
