package dev.pqp.stream.groundtruth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One time index of the ground-truth join over its logged index store, which holds several: keys of a kind
 * byte (this index's), an 8-byte big-endian expiry time (at least 0, so that keys sort in time order) and an
 * id. It keeps in memory a lower bound of the expiry times it holds, exact after each scan and at start-up
 * (read from the store, so right after a restore), lowered on each put; {@link #due} opens an iterator only
 * when the time it is given has reached it, not once per record.
 */
public final class ExpiryIndex {
  private final KeyValueStore<Bytes, byte[]> store;
  private final byte kind;
  /** Past every key of this kind: expiry times are at least 0, so their first byte is below 0x80. */
  private final Bytes end;
  /** No key expires before this; {@link Long#MAX_VALUE} when the index is empty. */
  private long earliest;

  public ExpiryIndex(KeyValueStore<Bytes, byte[]> store, byte kind) {
    this.store = store;
    this.kind = kind;
    this.end = Bytes.wrap(new byte[] {kind, (byte) 0x80});
    this.earliest = next(Bytes.wrap(new byte[] {kind}), Long.MIN_VALUE, new ArrayList<>());
  }

  /** Indexes {@code id} to expire at {@code expiry} (clamped at 0). */
  public void put(long expiry, String id) {
    long at = Math.max(0L, expiry);
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    store.put(Bytes.wrap(ByteBuffer.allocate(9 + idBytes.length).put(kind).putLong(at).put(idBytes).array()), new byte[0]);
    earliest = Math.min(earliest, at);
  }

  /**
   * Removes and returns the entries with an expiry time at or before {@code time}, in time order. Deleting
   * can only raise the earliest expiry: the bound stays a bound until the next scan.
   */
  public List<Entry> due(long time) {
    if (time < earliest) {
      return List.of();
    }
    List<Bytes> due = new ArrayList<>();
    earliest = next(Bytes.wrap(ByteBuffer.allocate(9).put(kind).putLong(earliest).array()), time, due);
    List<Entry> entries = new ArrayList<>(due.size());
    for (Bytes key : due) {
      byte[] k = key.get();
      entries.add(new Entry(ByteBuffer.wrap(k, 1, 8).getLong(), new String(k, 9, k.length - 9, StandardCharsets.UTF_8)));
      store.delete(key);
    }
    return entries;
  }

  /** An id whose expiry time has come. */
  public record Entry(long expiry, String id) {}

  /**
   * Collects the keys from {@code from} with an expiry time at or before {@code upTo} and returns the expiry
   * time of the key after them, {@link Long#MAX_VALUE} if none.
   */
  private long next(Bytes from, long upTo, List<Bytes> due) {
    try (KeyValueIterator<Bytes, byte[]> it = store.range(from, end)) {
      while (it.hasNext()) {
        Bytes key = it.next().key;
        long expiry = ByteBuffer.wrap(key.get(), 1, 8).getLong();
        if (expiry > upTo) {
          return expiry;
        }
        due.add(key);
      }
    }
    return Long.MAX_VALUE;
  }
}
