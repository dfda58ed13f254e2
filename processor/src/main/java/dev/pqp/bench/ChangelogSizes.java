package dev.pqp.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Bytes;

/**
 * Reads a changelog topic back (read_committed, beginning to end) and measures the bytes per key of
 * the state it holds: each key's largest value, averaged over keys, and every value written; or the live
 * entries, what compaction would keep. A key is counted per partition, since each task has its own store.
 */
final class ChangelogSizes {
  private ChangelogSizes() {}

  /** The entries a changelog holds once compacted: keys whose last record is not a tombstone. */
  record Live(long keys, long bytes) {}

  static RunResult.StateSize read(String bootstrapServers, String topic, String name) {
    Map<String, Integer> largest = new HashMap<>();
    long[] values = new long[1];
    long[] total = new long[1];
    long[] max = new long[1];
    boolean found = consume(bootstrapServers, topic, r -> {
      if (r.value() == null) {
        return; // a tombstone: stage 1 deletes a partial when it forwards it
      }
      values[0]++;
      total[0] += r.value().length;
      max[0] = Math.max(max[0], r.value().length);
      largest.merge(r.partition() + ":" + Bytes.wrap(r.key()), r.value().length, Math::max); // a store key per task
    });
    if (!found) {
      return new RunResult.StateSize(name + " (no topic " + topic + ")", 0, 0, 0, 0, 0);
    }
    long sum = largest.values().stream().mapToLong(Integer::longValue).sum();
    return new RunResult.StateSize(name, largest.size(), values[0], largest.isEmpty() ? 0 : sum / largest.size(),
        max[0], total[0]);
  }

  /** The live entries of {@code topic}, with the bytes of their keys and last values; none without the topic. */
  static Live live(String bootstrapServers, String topic) {
    Map<Integer, Map<Bytes, Integer>> byPartition = new HashMap<>();
    consume(bootstrapServers, topic, r -> {
      Map<Bytes, Integer> entries = byPartition.computeIfAbsent(r.partition(), p -> new HashMap<>());
      if (r.value() == null) {
        entries.remove(Bytes.wrap(r.key()));
      } else {
        entries.put(Bytes.wrap(r.key()), r.key().length + r.value().length);
      }
    });
    long keys = 0;
    long bytes = 0;
    for (Map<Bytes, Integer> entries : byPartition.values()) {
      keys += entries.size();
      bytes += entries.values().stream().mapToLong(Integer::longValue).sum();
    }
    return new Live(keys, bytes);
  }

  /** Passes every record of {@code topic} to {@code action}; false when the topic does not exist. */
  private static boolean consume(String bootstrapServers, String topic,
      Consumer<ConsumerRecord<byte[], byte[]>> action) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      var infos = consumer.partitionsFor(topic);
      if (infos == null || infos.isEmpty()) {
        return false;
      }
      List<TopicPartition> parts = new ArrayList<>();
      infos.forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!caughtUp(consumer, parts, end) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(action);
      }
    }
    return true;
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
