package dev.pqp.topology;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * A topic with the serdes of its keys and values, built once from the config: the only place a topic's
 * name meets its types. For a repartition topic the name is the suffix Kafka Streams prefixes with the
 * application id.
 */
public record Topic<K, V>(String name, Serde<K> keys, Serde<V> values) {
  /** Reading this topic, the source node named {@code node}. */
  public Consumed<K, V> consumed(String node) {
    return Consumed.with(keys, values).withName(node);
  }

  /** Writing this topic, the sink node named {@code node}. */
  public Produced<K, V> produced(String node) {
    return Produced.with(keys, values).withName(node);
  }

  /** The stream of this topic's records, read by the source node named {@code node}. */
  public KStream<K, V> read(StreamsBuilder builder, String node) {
    return builder.stream(name, consumed(node));
  }

  /** Writes {@code stream} to this topic through the sink node named {@code node}. */
  public void write(KStream<K, V> stream, String node) {
    stream.to(name, produced(node));
  }

  /** This topic as an internal repartition topic, partitioned by key. */
  public Repartitioned<K, V> repartitioned() {
    return Repartitioned.with(keys, values).withName(name);
  }

  /** This topic as an internal repartition topic, partitioned by {@code partitioner}. */
  public Repartitioned<K, V> repartitioned(StreamPartitioner<K, V> partitioner) {
    return repartitioned().withStreamPartitioner(partitioner);
  }
}
