package dev.pqp.topology.store;

import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds a {@link HeapStore} over a logged RocksDB store without caching (the heap is the cache). Logging
 * cannot be disabled: the changelog is what makes the heap state survive a crash.
 */
public final class HeapStoreBuilder<K, V> implements StoreBuilder<HeapStore<K, V>> {
  private final StoreBuilder<KeyValueStore<Bytes, byte[]>> inner;
  private final KeyCodec<K> keys;
  private final ValueCodec<V> codec;

  public HeapStoreBuilder(String name, KeyCodec<K> keys, ValueCodec<V> codec, boolean persistent) {
    this.inner = Stores.keyValueStoreBuilder(
            persistent ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name),
            Serdes.Bytes(), Serdes.ByteArray())
        .withCachingDisabled()
        .withLoggingEnabled(Map.of());
    this.keys = keys;
    this.codec = codec;
  }

  @Override
  public HeapStoreBuilder<K, V> withCachingEnabled() {
    return this; // the heap is the cache
  }

  @Override
  public HeapStoreBuilder<K, V> withCachingDisabled() {
    return this;
  }

  @Override
  public HeapStoreBuilder<K, V> withLoggingEnabled(Map<String, String> config) {
    inner.withLoggingEnabled(config);
    return this;
  }

  @Override
  public HeapStoreBuilder<K, V> withLoggingDisabled() {
    throw new UnsupportedOperationException("a heap store needs its changelog to survive a crash");
  }

  @Override
  public HeapStore<K, V> build() {
    return new HeapStore<>(inner.build(), keys, codec);
  }

  @Override
  public Map<String, String> logConfig() {
    return inner.logConfig();
  }

  @Override
  public boolean loggingEnabled() {
    return true;
  }

  @Override
  public String name() {
    return inner.name();
  }
}
