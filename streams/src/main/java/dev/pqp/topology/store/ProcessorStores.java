package dev.pqp.topology.store;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.internals.RocksDbWindowBytesStoreSupplier;
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

  /**
   * A segmented RocksDB store (Kafka Streams' window store), logged, without a cache: entries keyed by key and
   * time, dropped a segment at a time once the store's time (the largest it was written at) has passed them by
   * {@code retention}; for state that expires with time, never deleted entry by entry. A segment spans
   * {@code segment} of time: a lookup of a key over a span of time opens one iterator per segment it covers,
   * and the store keeps up to a segment more than its retention.
   */
  public static <K, V> StoreBuilder<WindowStore<K, V>> segmented(String name, Duration retention, Duration segment,
      Serde<K> keys, Serde<V> values) {
    // Stores.persistentWindowStore fixes segments at half the retention; its supplier takes any
    var supplier = new RocksDbWindowBytesStoreSupplier(name, retention.toMillis(), segment.toMillis(), 1L, false,
        RocksDbWindowBytesStoreSupplier.WindowStoreTypes.DEFAULT_WINDOW_STORE);
    // The changelog is compact,delete with the store's retention plus a day, by record time; its records would
    // carry the event time of the record processed, so a backfill of old events had them deleted at once and
    // a restore lost what still waited (ExactlyOnceCrashIntegrationTest, events of 2025). The broker's append
    // time makes that retention wall-clock time, which a backfill passes no faster than its event time.
    return Stores.windowStoreBuilder(supplier, keys, values).withCachingDisabled()
        .withLoggingEnabled(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
  }

  /** A RocksDB store, logged, without a cache: for state too big for the heap, written on every change. */
  public static <K, V> StoreBuilder<KeyValueStore<K, V>> rocks(String name, Serde<K> keys, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
        .withCachingDisabled().withLoggingEnabled(Map.of());
  }
}
