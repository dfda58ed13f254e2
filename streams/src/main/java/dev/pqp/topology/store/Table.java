package dev.pqp.topology.store;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Keyed state as the Kafka-free cores of the slices see it: values updated in place must be marked dirty.
 * {@link HeapStore} is the one implementation in a topology; a unit test of a core may use a map.
 */
public interface Table<K, V> {
  /** The value of {@code key}; null if absent. */
  V get(K key);

  void put(K key, V value);

  /** Says that the value of {@code key}, obtained from {@link #get}, was changed in place. */
  void markDirty(K key);

  void delete(K key);

  /** A snapshot of the keys, safe to iterate while adding or deleting. */
  Set<K> keys();

  /** Visits every entry; the action may call {@link #markDirty} but not add or delete. */
  void forEach(BiConsumer<K, V> action);
}
