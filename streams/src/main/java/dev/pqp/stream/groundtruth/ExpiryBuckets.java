package dev.pqp.stream.groundtruth;

import dev.pqp.topology.store.Table;
import dev.pqp.topology.store.ValueCodec;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the join counts of one side's waiting entries, per bucket of {@code granularity} ms of their time:
 * how many were stored and how many of them were resolved (joined). The stores drop entries a segment at a
 * time and never visit one to expire it; these counts say how many expired unresolved: when a side's
 * expiry time has passed a bucket's last millisecond, its stored minus resolved are counted expired and
 * the bucket goes. With a granularity of 1 ms an entry is counted at its own expiry time, as a per-entry
 * index would; a coarser one counts it at most that much later.
 *
 * <p>State, in a logged table keyed {@code side/bucket}: two longs per bucket; a mirror in memory, sorted by
 * bucket, rebuilt from the table when a task starts.
 */
final class ExpiryBuckets {
  /** Two 8-byte big-endian longs: stored, resolved. */
  static final ValueCodec<long[]> CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(long[] counts) {
      return ByteBuffer.allocate(16).putLong(counts[0]).putLong(counts[1]).array();
    }

    @Override
    public long[] decode(byte[] bytes) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      return new long[] {b.getLong(), b.getLong()};
    }
  };

  private final Table<String, long[]> table;
  private final String side;
  private final long granularity;
  private final TreeMap<Long, long[]> buckets = new TreeMap<>();
  /** Stored minus resolved over every bucket. */
  private long unresolved;
  /** The bucket last counted in and its key: consecutive entries mostly fall in one bucket. */
  private long lastBucket = Long.MIN_VALUE;
  private String lastKey;

  ExpiryBuckets(Table<String, long[]> table, String side, long granularity) {
    this.table = table;
    this.side = side;
    this.granularity = granularity;
    String prefix = side + "/";
    table.forEach((key, counts) -> {
      if (key.startsWith(prefix)) {
        buckets.put(Long.parseLong(key.substring(prefix.length())), counts);
        unresolved += counts[0] - counts[1];
      }
    });
  }

  /** Entries stored and not resolved yet, expired or not. */
  long unresolved() {
    return unresolved;
  }

  void stored(long timeMs) {
    stored(timeMs, 1);
  }

  /** {@code n} entries (the outcomes of one early entry) at {@code timeMs}. */
  void stored(long timeMs, int n) {
    add(timeMs, 0, n);
    unresolved += n;
  }

  void resolved(long timeMs) {
    resolved(timeMs, 1);
  }

  void resolved(long timeMs, int n) {
    add(timeMs, 1, n);
    unresolved -= n;
  }

  private void add(long timeMs, int which, int n) {
    long bucket = Math.floorDiv(timeMs, granularity);
    long[] counts = buckets.get(bucket);
    if (counts == null) {
      counts = new long[2];
      buckets.put(bucket, counts);
      table.put(key(bucket), counts);
    } else {
      table.markDirty(key(bucket));
    }
    counts[which] += n;
  }

  /**
   * Drops every bucket whose entries have all expired: time + {@code afterMs} at or before {@code through}
   * for its last millisecond. Returns how many of their entries were never resolved.
   */
  long expire(long through, long afterMs) {
    long expired = 0;
    while (!buckets.isEmpty()) {
      Map.Entry<Long, long[]> first = buckets.firstEntry();
      long last = (first.getKey() + 1) * granularity - 1;
      if (last + afterMs > through) {
        break;
      }
      long[] counts = first.getValue();
      expired += Math.max(0, counts[0] - counts[1]); // never negative, even after an at-least-once replay
      buckets.pollFirstEntry();
      table.delete(key(first.getKey()));
    }
    unresolved -= expired;
    return expired;
  }

  private String key(long bucket) {
    if (bucket != lastBucket) {
      lastBucket = bucket;
      lastKey = side + "/" + bucket;
    }
    return lastKey;
  }
}
