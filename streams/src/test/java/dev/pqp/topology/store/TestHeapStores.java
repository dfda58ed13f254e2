package dev.pqp.topology.store;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.Stores;

/**
 * Heap stores for processor tests outside this package: over an in-memory store without logging, since
 * {@code MockProcessorContext} cannot log (the builder of production code always logs).
 */
public final class TestHeapStores {
  private TestHeapStores() {}

  public static <K, V> HeapStore<K, V> unlogged(String name, KeyCodec<K> keys, ValueCodec<V> codec) {
    return new HeapStore<>(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
        Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build(), keys, codec);
  }
}
