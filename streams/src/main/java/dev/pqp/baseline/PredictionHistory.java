package dev.pqp.baseline;

import dev.pqp.event.Event;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.RejectReason;
import dev.pqp.ingest.Rejection;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads past prediction traffic from the predictions topic into a {@link ReferenceBuilder}: every partition
 * from the first offset whose record timestamp is at or after {@code fromMs} up to the first at or after
 * {@code toMs} (or the last committed offset), read_committed, without a consumer group. Records whose
 * timestamp still falls outside [from, to) (producers may write out of order) are skipped; so are other
 * models and versions. Records that fail decoding or validation are counted by reason, never fatal. A
 * record's event time is validated against its own record timestamp, as the processor did when it was new.
 */
public final class PredictionHistory {
  /** What a read found. */
  public record Result(long records, long kept, long otherModels, long outsideRange, Map<RejectReason, Long> rejected) {
    public long rejectedTotal() {
      return rejected.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  private final Map<String, Object> consumerProperties;
  private final Duration timeout;

  /** @param clientProperties bootstrap servers and any security settings; consumer settings are added here */
  public PredictionHistory(Map<String, Object> clientProperties, Duration timeout) {
    this.consumerProperties = new HashMap<>(clientProperties);
    consumerProperties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.timeout = timeout;
  }

  /** Adds the predictions of {@code model} and {@code version} ({@code *}: every version) to {@code builder}. */
  public Result read(String topic, String model, String version, long fromMs, long toMs, EventDecoder decoder,
      ReferenceBuilder builder) {
    long records = 0;
    long kept = 0;
    long others = 0;
    long outside = 0;
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProperties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      Map<TopicPartition, Long> stop = assignAndSeek(consumer, topic, fromMs, toMs);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!stop.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading " + topic + " took longer than " + timeout + "; partitions left: "
              + stop.keySet());
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          Long end = stop.get(new TopicPartition(r.topic(), r.partition()));
          if (end == null || r.offset() >= end) {
            continue;
          }
          records++;
          if (r.timestamp() < fromMs || r.timestamp() >= toMs) {
            outside++;
            continue;
          }
          try {
            Event e = decoder.decode(r.value(), r.timestamp(), r.timestamp());
            if (e instanceof Prediction p && p.modelName().equals(model)
                && (version.equals(ReferenceProfile.ALL_VERSIONS) || p.modelVersion().equals(version))) {
              builder.add(p);
              kept++;
            } else {
              others++;
            }
          } catch (Rejection x) {
            rejected.merge(x.reason(), 1L, Long::sum);
          }
        }
        stop.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
        if (stop.isEmpty() || consumer.assignment().isEmpty()) {
          break;
        }
        consumer.pause(consumer.assignment().stream().filter(tp -> !stop.containsKey(tp)).toList());
      }
    }
    return new Result(records, kept, others, outside, Map.copyOf(rejected));
  }

  /** Assigns every partition, seeks to {@code fromMs}; returns, per partition still to read, the offset to stop at. */
  private static Map<TopicPartition, Long> assignAndSeek(KafkaConsumer<byte[], byte[]> consumer, String topic,
      long fromMs, long toMs) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    List<TopicPartition> parts = new ArrayList<>();
    infos.forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
    consumer.assign(parts);
    Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(30));
    Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(timestamps(parts, fromMs), Duration.ofSeconds(30));
    Map<TopicPartition, OffsetAndTimestamp> stops = consumer.offsetsForTimes(timestamps(parts, toMs), Duration.ofSeconds(30));
    Map<TopicPartition, Long> stop = new HashMap<>();
    for (TopicPartition tp : parts) {
      OffsetAndTimestamp s = starts.get(tp);
      OffsetAndTimestamp e = stops.get(tp);
      long end = e == null ? ends.get(tp) : Math.min(e.offset(), ends.get(tp));
      if (s != null && s.offset() < end) {
        consumer.seek(tp, s.offset());
        stop.put(tp, end);
      }
    }
    consumer.pause(parts.stream().filter(tp -> !stop.containsKey(tp)).toList());
    return stop;
  }

  private static Map<TopicPartition, Long> timestamps(List<TopicPartition> parts, long ts) {
    Map<TopicPartition, Long> m = new HashMap<>();
    parts.forEach(tp -> m.put(tp, ts));
    return m;
  }
}
