package dev.pqp.bench;

import dev.pqp.config.PqpConfig;
import dev.pqp.event.Event;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.Rejection;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The baseline: one plain {@link KafkaConsumer} on one thread (read_committed, large polls) that decodes
 * every record with {@link EventDecoder} and adds it to an on-heap {@link WindowProfile} per
 * (model, version, window): the same decoding and the same sketches as pqp's stage 1, without Kafka
 * Streams, exactly-once transactions, state stores, repartitioning or stage 2.
 */
public final class BaselineRun {
  private BaselineRun() {}

  private record Key(String model, String version, long windowStart) {}

  /** Reads {@code n} records of {@code topic} from the beginning and profiles them. */
  public static RunResult run(String bootstrapServers, String topic, long n, PqpConfig config) {
    Reading reading = new Reading(config, n);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrapServers),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      reading.readAll(consumer);
    }
    return reading.result();
  }

  private static Map<String, Object> consumerConfig(String bootstrapServers) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
    c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    return c;
  }

  /** One read of the records: the profiles, the counts and the clocks of the steady state. */
  private static final class Reading {
    private final PqpConfig config;
    private final long n;
    private final long windowMs;
    private final EventDecoder decoder;
    private final Map<Key, WindowProfile> profiles = new HashMap<>();
    private long seen;
    private long rejected;
    private long t0;
    private long cpu0;
    private ProcessCpu process0 = ProcessCpu.ZERO;
    private long seen0 = -1;

    Reading(PqpConfig config, long n) {
      this.config = config;
      this.n = n;
      this.windowMs = config.windowSize().toMillis();
      this.decoder = new EventDecoder(EventType.PREDICTION, config.limits(), WriterSchemas.NONE);
    }

    void readAll(KafkaConsumer<byte[], byte[]> consumer) {
      long started = System.nanoTime();
      while (seen < n) {
        if (System.nanoTime() - started > Duration.ofMinutes(10).toNanos()) {
          throw new IllegalStateException("baseline read only " + seen + " of " + n + " records in 10 minutes");
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          continue;
        }
        if (t0 == 0) {
          t0 = System.nanoTime();
        }
        if (seen0 < 0 && seen >= n / 2) { // steady state: CPU over the second half of the records
          cpu0 = ThreadCpu.currentThread();
          process0 = ProcessCpu.now();
          seen0 = seen;
        }
        add(records, System.currentTimeMillis()); // like Kafka Streams' cached wall clock: once per poll
      }
    }

    private void add(ConsumerRecords<byte[], byte[]> records, long now) {
      for (ConsumerRecord<byte[], byte[]> rec : records) {
        seen++;
        Event e;
        try {
          e = decoder.decode(rec.value(), rec.timestamp(), now);
        } catch (Rejection r) {
          rejected++;
          continue;
        }
        if (e instanceof Prediction p) {
          long ts = p.timestampMs();
          long start = ts - Math.floorMod(ts, windowMs);
          profiles.computeIfAbsent(new Key(p.modelName(), p.modelVersion(), start),
              k -> new WindowProfile(config.analysis().profile())).add(p, now, FeatureBounds.NONE, false);
        }
      }
    }

    RunResult result() {
      double seconds = (System.nanoTime() - t0) / 1e9;
      long cpu = ThreadCpu.currentThread() - cpu0;
      long[] process = ProcessCpu.since(process0);
      if (rejected > 0) {
        throw new IllegalStateException("baseline rejected " + rejected + " records; the generator is wrong");
      }
      long bytes = 0;
      long max = 0;
      for (WindowProfile p : profiles.values()) {
        int len = ProfileCodec.encode(p).length;
        bytes += len;
        max = Math.max(max, len);
      }
      long heap = RunResult.heapUsedAfterGc();
      return new RunResult("baseline (1 consumer thread)", seen, seconds, Double.NaN, cpu, process[0], seen - seen0,
          new RunResult.StateSize("baseline window profiles", profiles.size(), profiles.size(),
              profiles.isEmpty() ? 0 : bytes / profiles.size(), max, bytes), List.of(), heap, null, RunResult.peakRssNow(), process[1], process[2]);
    }
  }
}
