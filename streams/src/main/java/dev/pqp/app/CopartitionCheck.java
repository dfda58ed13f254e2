package dev.pqp.app;

import dev.pqp.config.PqpConfig;
import dev.pqp.config.Topics;
import dev.pqp.event.Event;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Decides {@code ground-truth.copartitioned=auto} at start-up: the join may read predictions and labels as they
 * are, without repartitioning them by prediction_id, when partition i of both topics holds the same ids. That
 * holds when both topics have the same partition count and every record is keyed by its prediction_id and
 * partitioned by Kafka's default partitioner, which is what a producer that follows docs/integrating.md does. pqp
 * checks what it can: the partition counts, and the key and partition of the latest records of every
 * partition of both topics. It also keeps repartitioning while an earlier run's repartition topics hold
 * records the join has not read: they would be skipped.
 */
final class CopartitionCheck {
  /** The latest records read per partition of each topic. */
  static final int SAMPLES_PER_PARTITION = 20;
  private static final Duration READ_FOR = Duration.ofSeconds(5);

  /** Whether the topics are co-partitioned, and why (or why not), in words for the log. */
  record Verdict(boolean copartitioned, String reason) {}

  private CopartitionCheck() {}

  /**
   * Checks the topics of {@code config} with {@code admin}, reading their latest records with a consumer of
   * the config's client settings and decoding them as the topology would.
   */
  static Verdict check(PqpConfig config, Admin admin, WriterSchemas schemas) throws InterruptedException, ExecutionException {
    Topics t = config.topics();
    Map<String, Integer> partitions = new HashMap<>();
    var existing = admin.listTopics().names().get();
    List<String> inputs = List.of(t.predictions(), t.groundTruth()).stream().filter(existing::contains).toList();
    admin.describeTopics(inputs).allTopicNames().get().forEach((name, d) -> partitions.put(name, d.partitions().size()));
    Integer predictions = partitions.get(t.predictions());
    Integer labels = partitions.get(t.groundTruth());
    if (predictions == null || !predictions.equals(labels)) {
      return new Verdict(false, "topics '" + t.predictions() + "' and '" + t.groundTruth() + "' have " + count(predictions)
          + " and " + count(labels) + " partitions");
    }
    String unread = unreadRepartitioned(config, admin, existing);
    if (unread != null) {
      return new Verdict(false, unread);
    }
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(config))) {
      Sample p = sample(consumer, t.predictions(), predictions, new EventDecoder(EventType.PREDICTION, config.limits(), schemas));
      if (p.problem != null) {
        return new Verdict(false, p.problem);
      }
      Sample l = sample(consumer, t.groundTruth(), labels, new EventDecoder(EventType.GROUND_TRUTH, config.limits(), schemas));
      if (l.problem != null) {
        return new Verdict(false, l.problem);
      }
      return new Verdict(true, "the latest " + p.checked + " predictions and " + l.checked
          + " labels are keyed by prediction_id and partitioned by Kafka's default partitioner, " + predictions
          + " partitions each");
    }
  }

  /** What was read of one topic: records checked, and the first that breaks co-partitioning (null if none). */
  private record Sample(int checked, String problem) {}

  private static Sample sample(KafkaConsumer<byte[], byte[]> consumer, String topic, int partitions, EventDecoder decoder) {
    List<TopicPartition> tps = new ArrayList<>();
    for (int i = 0; i < partitions; i++) {
      tps.add(new TopicPartition(topic, i));
    }
    consumer.assign(tps);
    Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
    Map<TopicPartition, Long> starts = consumer.beginningOffsets(tps);
    Map<TopicPartition, Long> remaining = new HashMap<>();
    for (TopicPartition tp : tps) {
      long from = Math.max(starts.get(tp), ends.get(tp) - SAMPLES_PER_PARTITION);
      consumer.seek(tp, from);
      if (from < ends.get(tp)) {
        remaining.put(tp, ends.get(tp));
      }
    }
    int checked = 0;
    long deadline = System.nanoTime() + READ_FOR.toNanos();
    while (!remaining.isEmpty() && System.nanoTime() < deadline) {
      for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
        String problem = problem(r, partitions, decoder);
        if (problem == NOT_AN_EVENT) {
          continue; // a dead letter: the join never sees it, and it says nothing of the others
        }
        if (problem != null) {
          return new Sample(checked, problem);
        }
        checked++;
      }
      remaining.keySet().removeIf(tp -> consumer.position(tp) >= remaining.get(tp));
    }
    if (checked == 0) {
      return new Sample(0, "topic '" + topic + "' has no events to check yet (no records, or none pqp can read)");
    }
    return new Sample(checked, null);
  }

  /** What {@link #problem} says of a record that is no event pqp reads (a dead letter). */
  private static final String NOT_AN_EVENT = "not an event";

  /**
   * Why record {@code r} is not where the join would look for its prediction_id; null when it is,
   * {@link #NOT_AN_EVENT} when it is no event at all.
   */
  private static String problem(ConsumerRecord<byte[], byte[]> r, int partitions, EventDecoder decoder) {
    String id;
    try {
      Event e = decoder.decode(r.value(), r.timestamp(), System.currentTimeMillis());
      id = e instanceof Prediction p ? p.predictionId() : ((GroundTruth) e).predictionId();
    } catch (RuntimeException e) {
      return NOT_AN_EVENT; // a Rejection, or whatever its decoding raised
    }
    String at = "record " + r.topic() + "-" + r.partition() + "@" + r.offset();
    byte[] expected = id.getBytes(StandardCharsets.UTF_8);
    if (r.key() == null || !Arrays.equals(r.key(), expected)) {
      return at + " is keyed " + (r.key() == null ? "by nothing" : "'" + new String(r.key(), StandardCharsets.UTF_8) + "'")
          + ", not by its prediction_id '" + id + "'";
    }
    int partition = Utils.toPositive(Utils.murmur2(expected)) % partitions;
    if (partition != r.partition()) {
      return at + " is in partition " + r.partition() + ", but Kafka's default partitioner puts its key in " + partition;
    }
    return null;
  }

  /**
   * Why the join must still read its repartition topics: an earlier run of this application wrote records to
   * them that it has not read (committed); null when there are none, or no such topics.
   */
  private static String unreadRepartitioned(PqpConfig config, Admin admin, java.util.Set<String> existing)
      throws InterruptedException, ExecutionException {
    List<String> topics = dev.pqp.topology.PqpTopology.joinRepartitionTopics(config.applicationId()).stream()
        .filter(existing::contains).toList();
    if (topics.isEmpty()) {
      return null;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    admin.describeTopics(topics).allTopicNames().get().forEach((name, d) -> d.partitions()
        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
    Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    latest.keySet().forEach(tp -> earliest.put(tp, OffsetSpec.earliest()));
    Map<TopicPartition, ListOffsetsResultInfo> starts = admin.listOffsets(earliest).all().get();
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(config.applicationId()).partitionsToOffsetAndMetadata().get();
    long unread = 0;
    for (var e : ends.entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      long start = starts.get(e.getKey()).offset();
      long from = Math.max(start, c == null ? start : c.offset());
      unread += Math.max(0, e.getValue().offset() - from);
    }
    return unread == 0 ? null : "an earlier run left " + unread + " records in its repartition topics "
        + topics + " that the join has not read yet; they are read first";
  }

  private static Map<String, Object> consumerConfig(PqpConfig config) {
    Map<String, Object> c = new HashMap<>();
    config.kafka().forEach((k, v) -> {
      if (ConsumerConfig.configNames().contains(k)) {
        c.put(k, v);
      }
    });
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, config.applicationId() + "-copartition-check");
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return c;
  }

  private static String count(Integer n) {
    return n == null ? "no (the topic does not exist)" : n.toString();
  }
}
