package dev.pqp.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.DoubleSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Waiting for integration tests: a value that settles, and every committed record of a topic. */
public final class Settle {
  private Settle() {}

  /**
   * Waits until {@code value} reaches {@code target} and then stays put for a second; returns the
   * {@link System#nanoTime} at which it got there.
   */
  public static long await(DoubleSupplier value, double target, Duration timeout, String what) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    double last = -1;
    long stableSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      double v = value.getAsDouble();
      if (v != last) {
        last = v;
        stableSince = System.nanoTime();
      } else if (v >= target && System.nanoTime() - stableSince > 1_000_000_000L) {
        return stableSince;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(what + " did not settle at " + target + " within " + timeout + "; last value " + last);
  }

  /** Every record of {@code topic} that is committed, read until {@code expected} arrived and a second passed. */
  public static List<ConsumerRecord<String, byte[]>> readCommitted(String bootstrapServers, String topic, int expected,
      Duration timeout) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = c.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + timeout.toNanos();
      long quietUntil = Long.MAX_VALUE;
      while (System.nanoTime() < deadline && System.nanoTime() < quietUntil) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
        if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
          quietUntil = System.nanoTime() + 1_000_000_000L; // look for a second more: nothing may follow
        }
      }
    }
    return out;
  }
}
