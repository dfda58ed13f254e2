package dev.pqp.stream.drift;

import dev.pqp.profile.FormatByte;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.AutoBaseline;
import dev.pqp.reference.AutoBaselineCodec;
import dev.pqp.topology.store.ValueCodec;
import dev.pqp.window.VersionTotals;
import dev.pqp.window.VersionTotalsCodec;
import java.nio.ByteBuffer;

/**
 * What stage 2 remembers per model version across windows, changed only when one of its windows is
 * finalized: when it was first seen, its automatic baseline and the running totals behind its counters and
 * histograms.
 */
final class VersionState {
  private static final byte FORMAT = 3;

  long firstSeenMs = Long.MIN_VALUE;
  AutoBaseline baseline = new AutoBaseline();
  VersionTotals totals = new VersionTotals();

  static final ValueCodec<VersionState> CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(VersionState s) {
      byte[] baseline = AutoBaselineCodec.encode(s.baseline);
      byte[] totals = VersionTotalsCodec.encode(s.totals);
      return ByteBuffer.allocate(1 + 8 + 4 + baseline.length + totals.length)
          .put(FORMAT).putLong(s.firstSeenMs).putInt(baseline.length).put(baseline).put(totals).array();
    }

    @Override
    public VersionState decode(byte[] bytes) {
      FormatByte.read(bytes, "version state", FORMAT);
      ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
      VersionState s = new VersionState();
      s.firstSeenMs = b.getLong();
      byte[] baseline = new byte[b.getInt()];
      b.get(baseline);
      s.baseline = AutoBaselineCodec.decode(baseline);
      byte[] totals = new byte[b.remaining()];
      b.get(totals);
      s.totals = VersionTotalsCodec.decode(totals);
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
