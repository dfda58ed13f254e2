package dev.pqp.topology.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/** A {@link Table} over a map, for the unit tests of the slices' Kafka-free cores. */
public final class MapTable<K, V> implements Table<K, V> {
  /** The entries, for a test to look at. */
  public final Map<K, V> map = new HashMap<>();

  @Override
  public V get(K key) {
    return map.get(key);
  }

  @Override
  public void put(K key, V value) {
    map.put(key, value);
  }

  @Override
  public void markDirty(K key) {}

  @Override
  public void delete(K key) {
    map.remove(key);
  }

  @Override
  public Set<K> keys() {
    return new HashSet<>(map.keySet());
  }

  @Override
  public void forEach(BiConsumer<K, V> action) {
    map.forEach(action);
  }
}
