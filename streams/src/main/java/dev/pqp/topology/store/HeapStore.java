package dev.pqp.topology.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Values live on the heap, are updated in place, and reach the logged inner store only when Kafka
 * Streams flushes caches in {@code StreamTask.prepareCommit()}: after processing, before the producer
 * flush and the transaction commit, so that the changelog records of a commit are in the same transaction
 * as the output and offsets they belong to. Writing in {@link #commit(Map)} instead would be too late
 * under exactly-once (it runs after the transaction); docs/architecture.md says why.
 *
 * <p>This class implements Kafka's internal {@link CachedStateStore}, the only hook at that point. It must
 * be the outermost store (it registers itself as the root), and the exactly-once crash test guards it
 * across Kafka upgrades. After a restore the heap is empty; values are decoded from the inner store on
 * first access.
 *
 * <p>Callers that mutate a value obtained from {@link #get} must call {@link #markDirty}.
 */
public final class HeapStore<K, V> implements Table<K, V>, StateStore, CachedStateStore<Object, Object> {
  private final KeyValueStore<Bytes, byte[]> inner;
  private final KeyCodec<K> keys;
  private final ValueCodec<V> codec;
  private final Map<K, V> heap = new HashMap<>();
  private final Set<K> dirty = new LinkedHashSet<>();
  private boolean loadedAll;

  HeapStore(KeyValueStore<Bytes, byte[]> inner, KeyCodec<K> keys, ValueCodec<V> codec) {
    this.inner = inner;
    this.keys = keys;
    this.codec = codec;
  }

  /** The value of {@code key}, from the heap or decoded once from the inner store; null if absent. */
  @Override
  public V get(K key) {
    V v = heap.get(key);
    if (v == null && !loadedAll && !dirty.contains(key)) { // a dirty key absent from the heap was deleted
      byte[] bytes = inner.get(bytes(key));
      if (bytes != null) {
        v = codec.decode(bytes);
        heap.put(key, v);
      }
    }
    return v;
  }

  @Override
  public void put(K key, V value) {
    heap.put(key, value);
    dirty.add(key);
  }

  @Override
  public void markDirty(K key) {
    dirty.add(key);
  }

  @Override
  public void delete(K key) {
    heap.remove(key);
    dirty.add(key);
  }

  /** Visits every entry; the action may call {@link #markDirty} but not add or delete. */
  @Override
  public void forEach(BiConsumer<K, V> action) {
    loadAll();
    heap.forEach(action);
  }

  /** A snapshot of the keys, safe to iterate while deleting. */
  @Override
  public Set<K> keys() {
    loadAll();
    return new HashSet<>(heap.keySet());
  }

  public int size() {
    loadAll();
    return heap.size();
  }

  private void loadAll() {
    if (loadedAll) {
      return;
    }
    try (KeyValueIterator<Bytes, byte[]> it = inner.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        K key = keys.decode(kv.key.get());
        if (!heap.containsKey(key) && !dirty.contains(key)) {
          heap.put(key, codec.decode(kv.value));
        }
      }
    }
    loadedAll = true;
  }

  @Override
  public void flushCache() {
    for (K key : dirty) {
      V v = heap.get(key);
      if (v == null) {
        inner.delete(bytes(key));
      } else {
        inner.put(bytes(key), codec.encode(v));
      }
    }
    dirty.clear();
  }

  @Override
  public void clearCache() {
    heap.clear();
    dirty.clear();
    loadedAll = false;
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
    return false;
  }

  private Bytes bytes(K key) {
    return Bytes.wrap(keys.encode(key));
  }

  @Override
  public String name() {
    return inner.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    // a task revived after TaskCorruptedException re-inits the same instance and restores the inner store:
    // nothing on the heap may survive, or the restored entries would be shadowed
    clearCache();
    inner.init(context, this);
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    inner.commit(changelogOffsets);
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return inner.committedOffset(partition);
  }

  @Override
  @SuppressWarnings("deprecation")
  public boolean managesOffsets() {
    return inner.managesOffsets();
  }

  @Override
  public void close() {
    clearCache();
    inner.close();
  }

  @Override
  public boolean persistent() {
    return inner.persistent();
  }

  @Override
  public boolean isOpen() {
    return inner.isOpen();
  }

  @Override
  public Position getPosition() {
    return inner.getPosition();
  }
}
