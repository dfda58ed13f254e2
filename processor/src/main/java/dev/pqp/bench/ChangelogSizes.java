package dev.pqp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Reads a changelog topic back (read_committed, beginning to end) and measures the bytes per key of
 * the state it holds: each key's largest value, averaged over keys, and every value written. A key is
 * counted per partition, since each task has its own store.
 */
final class ChangelogSizes {
  private ChangelogSizes() {}

  static RunResult.StateSize read(String bootstrapServers, String topic, String name) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Integer> largest = new HashMap<>();
    long values = 0;
    long total = 0;
    long max = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      var infos = consumer.partitionsFor(topic);
      if (infos == null || infos.isEmpty()) {
        return new RunResult.StateSize(name + " (no topic " + topic + ")", 0, 0, 0, 0, 0);
      }
      List<TopicPartition> parts = new ArrayList<>();
      infos.forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!caughtUp(consumer, parts, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            continue; // a tombstone: stage 1 deletes a partial when it forwards it
          }
          values++;
          total += r.value().length;
          max = Math.max(max, r.value().length);
          largest.merge(r.partition() + ":" + Bytes.wrap(r.key()), r.value().length, Math::max); // a store key per task
        }
      }
    }
    long sum = largest.values().stream().mapToLong(Integer::longValue).sum();
    return new RunResult.StateSize(name, largest.size(), values, largest.isEmpty() ? 0 : sum / largest.size(), max,
        total);
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, List<TopicPartition> parts,
      Map<TopicPartition, Long> end) {
    for (TopicPartition p : parts) {
      // under read_committed the position passes transaction markers, so it reaches the end offset
      if (consumer.position(p) < end.get(p)) {
        return false;
      }
    }
    return true;
  }
}
