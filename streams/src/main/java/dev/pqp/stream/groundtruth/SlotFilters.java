package dev.pqp.stream.groundtruth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.filters.bloomfilter.BloomFilter;
import org.apache.datasketches.filters.bloomfilter.BloomFilterBuilder;

/**
 * In memory, per slot (segment start) of one of the join's segmented stores, a Bloom filter of the keys stored
 * there: a lookup skips the RocksDB get of a slot whose filter says the key was never stored in it, which is
 * what most lookups of a duplicate check find. A filter only speaks for slots opened after this task
 * instance started ({@code firstObserved} on): entries stored before, by an earlier instance, are not in it,
 * so older slots are always read. A filter that would pass {@link #MAX_BITS_PER_TASK} of this task's filters
 * gives up its slot (read always from then on), so that memory stays bounded whatever the traffic: at a 1 %
 * false-positive rate, about 14 million keys per store and task are filtered.
 *
 * <p>Each slot's filter grows as a scalable Bloom filter does: a new one of twice the capacity once the last is
 * full, queried all together, so that a quiet slot costs a few KB and a busy one about twice the bits of one
 * filter of its size.
 */
final class SlotFilters {
  /** The filters' budget per store and task: 16 MiB. */
  static final long MAX_BITS_PER_TASK = 16L * 8 * 1024 * 1024;
  private static final long FIRST_CAPACITY = 1 << 14;
  private static final double FALSE_POSITIVES = 0.01;

  /** The filters of one slot, newest last; null once it gave up. */
  private static final class Slot {
    final List<BloomFilter> filters = new ArrayList<>(4);
    long inLast;
    long capacityOfLast;
  }

  private final long firstObserved;
  private final TreeMap<Long, Slot> slots = new TreeMap<>();
  private long bits;

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
      if (s.filters.get(i).query(key)) {
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
    if (s.filters.isEmpty() || s.inLast >= s.capacityOfLast) {
      long capacity = s.filters.isEmpty() ? FIRST_CAPACITY : 2 * s.capacityOfLast;
      long size = BloomFilterBuilder.suggestNumFilterBits(capacity, FALSE_POSITIVES);
      if (bits + size > MAX_BITS_PER_TASK) {
        giveUp(slot, s);
        return;
      }
      BloomFilter f = BloomFilterBuilder.createByAccuracy(capacity, FALSE_POSITIVES);
      s.filters.add(f);
      bits += f.getCapacity();
      s.capacityOfLast = capacity;
      s.inLast = 0;
    }
    s.filters.get(s.filters.size() - 1).update(key);
    s.inLast++;
  }

  private void giveUp(long slot, Slot s) {
    for (BloomFilter f : s.filters) {
      bits -= f.getCapacity();
    }
    slots.put(slot, null);
  }

  /** Forgets the slots before {@code slot}: the store dropped them. */
  void dropBefore(long slot) {
    Map<Long, Slot> old = slots.headMap(slot);
    for (Slot s : old.values()) {
      if (s != null) {
        s.filters.forEach(f -> bits -= f.getCapacity());
      }
    }
    old.clear();
  }

  /** The bits the filters take, for tests. */
  long bits() {
    return bits;
  }
}
