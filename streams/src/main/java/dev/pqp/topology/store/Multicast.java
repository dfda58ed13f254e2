package dev.pqp.topology.store;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * The partitioner of a channel that carries, besides keyed messages, progress every downstream task must
 * hear (a task tick, a join task's expiry): those go to every partition, the rest by key as Kafka Streams
 * partitions by default.
 */
public final class Multicast {
  private Multicast() {}

  /** Sends a message for which {@code toEveryTask} holds to every partition, the rest by key. */
  public static <K, V> StreamPartitioner<K, V> when(Predicate<? super V> toEveryTask) {
    return (topic, key, value, partitions) -> toEveryTask.test(value)
        ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toUnmodifiableSet()))
        : Optional.<Set<Integer>>empty();
  }
}
