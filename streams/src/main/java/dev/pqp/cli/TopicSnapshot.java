package dev.pqp.cli;

import dev.pqp.compare.CompareException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latest committed value of every key of a (compacted) topic: reads all partitions from the beginning
 * up to the end offsets captured at the start, read_committed; a tombstone removes its key. Neither joins a
 * group nor commits offsets.
 */
final class TopicSnapshot {
  private TopicSnapshot() {}

  /**
   * @param client bootstrap servers and client settings (security, timeouts)
   * @throws CompareException when the topic does not exist or its end is not reached within {@code timeout}
   */
  static Map<String, byte[]> read(Map<String, Object> client, String topic, Duration timeout) {
    Map<String, Object> props = new HashMap<>(client);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "pqp-compare-" + UUID.randomUUID());
    Map<String, byte[]> latest = new HashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> parts = consumer.partitionsFor(topic, timeout);
      if (parts == null || parts.isEmpty()) {
        throw new CompareException("topic '" + topic + "' does not exist at " + client.get(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG));
      }
      List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new CompareException("could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.key() == null || r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
            continue; // keyless, or written after the start
          }
          if (r.value() == null) {
            latest.remove(r.key());
          } else {
            latest.put(r.key(), r.value());
          }
        }
      }
    }
    return latest;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
