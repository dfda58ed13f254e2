package dev.pqp.stream.groundtruth;

import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;

/**
 * One of the join's segmented stores (a Kafka Streams window store of compact entries by {@link PredictionKey},
 * each at the start of a segment: its slot), with the in-memory {@link SlotFilters} that spare a lookup the
 * RocksDB gets of slots that surely do not hold its key.
 */
final class SegmentedStore {
  /** An entry found: its bytes, its slot (store time) and its own time. */
  record Found(byte[] entry, long slot, long timeMs) {}

  private final WindowStore<Long, byte[]> store;
  private final long segmentMs;
  private final SlotFilters filters;

  /** The store as this task finds it: its filters speak for the slots after the newest holding an entry. */
  SegmentedStore(WindowStore<Long, byte[]> store, long segmentMs) {
    this.store = store;
    this.segmentMs = segmentMs;
    this.filters = new SlotFilters(firstObserved(store, segmentMs));
  }

  /** The slot after the newest that holds an entry (clock entries aside); {@link Long#MIN_VALUE} when none does. */
  private static long firstObserved(WindowStore<Long, byte[]> store, long segmentMs) {
    try (KeyValueIterator<Windowed<Long>, byte[]> all = store.backwardAll()) {
      while (all.hasNext()) {
        Windowed<Long> k = all.next().key;
        if (k.key() != PredictionKey.CLOCK) {
          return k.window().start() + segmentMs;
        }
      }
    }
    return Long.MIN_VALUE;
  }

  /** Stores a new entry of {@code key} in {@code slot}. */
  void put(long key, byte[] entry, long slot) {
    store.put(key, entry, slot);
    filters.stored(slot, key);
  }

  /** Replaces the entry of {@code key} in {@code slot}, or deletes it with null. */
  void replace(long key, byte[] entry, long slot) {
    store.put(key, entry, slot);
  }

  /**
   * The entry of {@code key} with a time from {@code liveFrom} on, in the newest of the slots from
   * {@code oldest} to {@code newest} that holds one: one point lookup per slot whose filter does not rule the
   * key out, newest first, so that a hit in a recent slot costs one RocksDB get and a miss mostly none.
   */
  Found newest(long key, long oldest, long newest, long liveFrom) {
    if (newest == Long.MIN_VALUE) {
      return null;
    }
    for (long s = slot(newest), first = slot(oldest); s >= first; s -= segmentMs) {
      if (!filters.mayHold(s, key)) {
        continue;
      }
      byte[] entry = store.fetch(key, s);
      if (entry != null) {
        long t = s + CompactEntries.offset(entry);
        if (t >= liveFrom) {
          return new Found(entry, s, t);
        }
      }
    }
    return null;
  }

  /** Writes the store's clock entry at {@code at} (deleting it with null): it moves the store's time. */
  void clock(long at, byte[] entry) {
    store.put(PredictionKey.CLOCK, entry, at);
  }

  /** The store's time moved to {@code time}: it keeps no slot older than {@code time - retentionMs}. */
  void forgetBefore(long time, long retentionMs) {
    filters.dropBefore(slot(time - retentionMs));
  }

  /** The start of the segment of {@code timeMs}, the store time of its entries (clamped at 0, where segments begin). */
  long slot(long timeMs) {
    return Math.floorDiv(Math.max(0L, timeMs), segmentMs) * segmentMs;
  }
}
