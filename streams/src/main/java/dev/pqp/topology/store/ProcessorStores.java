package dev.pqp.topology.store;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** Processors with the stores they own, and the store kinds pqp uses besides {@link HeapStore}. */
public final class ProcessorStores {
  private ProcessorStores() {}

  /** A supplier of {@code processors} that connects the processor to {@code stores}, which it owns. */
  public static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> owning(
      Supplier<Processor<KI, VI, KO, VO>> processors, StoreBuilder<?>... stores) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<KI, VI, KO, VO> get() {
        return processors.get();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(stores);
      }
    };
  }

  /** A RocksDB store, logged, without a cache: for state too big for the heap, written on every change. */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> rocks(String name, Serde<K> keys, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
        .withCachingDisabled().withLoggingEnabled(Map.of());
  }
}
