package dev.pqp.window;

import dev.pqp.profile.ByteStrings;
import dev.pqp.profile.FormatByte;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * The stored form of {@link VersionTotals} (format 1): score buckets and their sum, then per route the
 * requests by status, the latency buckets and their sum.
 */
public final class VersionTotalsCodec {
  static final byte FORMAT = 1;

  private VersionTotalsCodec() {}

  public static byte[] encode(VersionTotals t) {
    int size = 1 + 8 * t.scoreBuckets.length + 8 + 4;
    for (Map.Entry<String, VersionTotals.Route> e : t.routes.entrySet()) {
      size += ByteStrings.size(e.getKey()) + 4 + 8 * VersionTotals.LATENCY_BUCKETS + 8;
      for (String s : e.getValue().statuses.keySet()) {
        size += ByteStrings.size(s) + 8;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT);
    for (long n : t.scoreBuckets) {
      b.putLong(n);
    }
    b.putDouble(t.scoreSum).putInt(t.routes.size());
    t.routes.forEach((name, r) -> {
      ByteStrings.put(b, name).putInt(r.statuses.size());
      r.statuses.forEach((s, n) -> ByteStrings.put(b, s).putLong(n));
      for (long n : r.latencyBuckets) {
        b.putLong(n);
      }
      b.putDouble(r.latencySum);
    });
    return b.array();
  }

  public static VersionTotals decode(byte[] bytes) {
    FormatByte.read(bytes, "version totals", FORMAT);
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
    VersionTotals t = new VersionTotals();
    for (int i = 0; i < t.scoreBuckets.length; i++) {
      t.scoreBuckets[i] = b.getLong();
    }
    t.scoreSum = b.getDouble();
    int routes = b.getInt();
    for (int i = 0; i < routes; i++) {
      VersionTotals.Route r = new VersionTotals.Route();
      t.routes.put(ByteStrings.get(b), r);
      int statuses = b.getInt();
      for (int j = 0; j < statuses; j++) {
        r.statuses.put(ByteStrings.get(b), b.getLong());
      }
      for (int j = 0; j < VersionTotals.LATENCY_BUCKETS; j++) {
        r.latencyBuckets[j] = b.getLong();
      }
      r.latencySum = b.getDouble();
    }
    return t;
  }
}
