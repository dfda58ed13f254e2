package dev.pqp.topology;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ground-truth join's time index over its logged store: keys that start with an 8-byte big-endian expiry
 * time (at least 0, so that they sort in time order). It keeps in memory a lower bound of the expiry times it
 * holds, exact after each scan and at start-up (read from the store, so right after a restore), lowered on
 * each put; {@link #due} opens an iterator only when stream time has reached it, not once per record.
 */
final class ExpiryIndex {
  private final KeyValueStore<Bytes, byte[]> store;
  /** No key expires before this; {@link Long#MAX_VALUE} when the index is empty. */
  private long earliest;

  ExpiryIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
    this.earliest = next(null, Long.MIN_VALUE, new ArrayList<>());
  }

  void put(Bytes key, byte[] value) {
    store.put(key, value);
    earliest = Math.min(earliest, expiry(key));
  }

  /** Deleting can only raise the earliest expiry: the bound stays a bound until the next scan. */
  void delete(Bytes key) {
    store.delete(key);
  }

  /** The keys with an expiry time at or before {@code streamTime}, in key order; the caller deletes them. */
  List<Bytes> due(long streamTime) {
    if (streamTime < earliest) {
      return List.of();
    }
    List<Bytes> due = new ArrayList<>();
    earliest = next(Bytes.wrap(ByteBuffer.allocate(8).putLong(earliest).array()), streamTime, due);
    return due;
  }

  /**
   * Collects the keys from {@code from} (null: the first) with an expiry time at or before {@code upTo} and
   * returns the expiry time of the key after them, {@link Long#MAX_VALUE} if none.
   */
  private long next(Bytes from, long upTo, List<Bytes> due) {
    try (KeyValueIterator<Bytes, byte[]> it = store.range(from, null)) {
      while (it.hasNext()) {
        Bytes key = it.next().key;
        long expiry = expiry(key);
        if (expiry > upTo) {
          return expiry;
        }
        due.add(key);
      }
    }
    return Long.MAX_VALUE;
  }

  static long expiry(Bytes key) {
    return ByteBuffer.wrap(key.get()).getLong();
  }
}
