package dev.pqp.stream.groundtruth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * In memory, per slot (segment start) of one of the join's segmented stores, a Bloom filter of the keys stored
 * there: a lookup skips the RocksDB get of a slot whose filter says the key was never stored in it, which is
 * what most lookups of a duplicate check find. A filter only speaks for slots opened after this task
 * instance started ({@code firstObserved} on): entries stored before, by an earlier instance, are not in it,
 * so older slots are always read. A filter that would pass {@link #MAX_BITS_PER_TASK} of this task's filters
 * gives up its slot (read always from then on), so that memory stays bounded whatever the traffic: at 12 bits
 * per key (under 1 % false positives), about 8.4 million keys per store and task are filtered.
 *
 * <p>Each slot's filter grows as a scalable Bloom filter does: a new one of twice the capacity once the last is
 * full, queried all together, so that a quiet slot costs a few KB and a busy one about twice the bits of one
 * filter of its size. A new slot's first filter is sized for the keys of the slot opened before it (at least
 * {@link #FIRST_CAPACITY}): a steady stream fills each slot with about as many keys as the last, so its keys
 * are mostly in one filter, and a lookup that finds nothing reads one cache line per filter
 * ({@link BlockedBloom}).
 */
final class SlotFilters {
  /** The filters' budget per store and task: 16 MiB. */
  static final long MAX_BITS_PER_TASK = 16L * 8 * 1024 * 1024;
  private static final long FIRST_CAPACITY = 1 << 14;

  /** The filters of one slot, newest last; null once it gave up. */
  private static final class Slot {
    final List<BlockedBloom> filters = new ArrayList<>(4);
    long keys;
  }

  private final long firstObserved;
  private final TreeMap<Long, Slot> slots = new TreeMap<>();
  private long bits;
  /** The keys stored in the newest slot that has a filter: the first capacity of the next slot. */
  private long lastSlotKeys;
  private long lastSlot = Long.MIN_VALUE;

  /** Filters for slots from {@code firstObserved} on; {@link Long#MIN_VALUE} for all (the store was empty). */
  SlotFilters(long firstObserved) {
    this.firstObserved = firstObserved;
  }

  /** Whether {@code key} may be stored in {@code slot}: false only when it surely is not. */
  boolean mayHold(long slot, long key) {
    if (slot < firstObserved) {
      return true;
    }
    Slot s = slots.get(slot);
    if (s == null) {
      return slots.containsKey(slot); // gave up, or nothing stored there
    }
    for (int i = s.filters.size() - 1; i >= 0; i--) {
      if (s.filters.get(i).mayContain(key)) {
        return true;
      }
    }
    return false;
  }

  /** {@code key} was stored in {@code slot}. */
  void stored(long slot, long key) {
    if (slot < firstObserved) {
      return;
    }
    Slot s = slots.get(slot);
    if (s == null) {
      if (slots.containsKey(slot)) {
        return; // gave up: read always
      }
      s = new Slot();
      slots.put(slot, s);
    }
    BlockedBloom last = s.filters.isEmpty() ? null : s.filters.get(s.filters.size() - 1);
    if (last == null || last.full()) {
      long capacity = last == null ? firstCapacity(slot) : 2 * last.capacity();
      if (bits + BlockedBloom.bitsFor(capacity) > MAX_BITS_PER_TASK) { // checked before the array is made
        giveUp(slot, s);
        return;
      }
      BlockedBloom f = new BlockedBloom(capacity);
      s.filters.add(f);
      bits += f.bits();
      last = f;
    }
    last.add(key);
    s.keys++;
    if (slot >= lastSlot) {
      lastSlot = slot;
      lastSlotKeys = s.keys;
    }
  }

  /** A new slot's first capacity: the keys of the newest slot before it, by a tenth more, at least {@link #FIRST_CAPACITY}. */
  private long firstCapacity(long slot) {
    long previous = slot > lastSlot ? lastSlotKeys : 0;
    return Math.max(FIRST_CAPACITY, Math.min(previous + previous / 10, MAX_BITS_PER_TASK / 4 / BlockedBloom.BITS_PER_KEY));
  }

  private void giveUp(long slot, Slot s) {
    for (BlockedBloom f : s.filters) {
      bits -= f.bits();
    }
    slots.put(slot, null);
  }

  /** Forgets the slots before {@code slot}: the store dropped them. */
  void dropBefore(long slot) {
    Map<Long, Slot> old = slots.headMap(slot);
    for (Slot s : old.values()) {
      if (s != null) {
        s.filters.forEach(f -> bits -= f.bits());
      }
    }
    old.clear();
  }

  /** The bits the filters take, for tests. */
  long bits() {
    return bits;
  }
}
