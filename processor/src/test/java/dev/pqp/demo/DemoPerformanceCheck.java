package dev.pqp.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.schema.Performance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's delayed-accuracy promise, read from {@code ml.quality.performance} (read committed): v1's
 * records per window in arrival order, so a test can hold labels back, see the estimate of the windows
 * after the drift fall, then send the labels and see the realized figures fall the same way.
 */
final class DemoPerformanceCheck implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  /** v1's records per window start, oldest first. */
  private final Map<Long, List<Performance>> v1 = new TreeMap<>();

  DemoPerformanceCheck(String bootstrapServers, String topic) {
    consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Reads until {@code done} holds for v1's latest record per window, or fails after {@code timeout}. */
  Map<Long, Performance> readUntil(Predicate<Map<Long, Performance>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        Performance p = decode(r.value());
        if (p.getModelVersion().equals("v1")) {
          v1.computeIfAbsent(p.getWindowStart(), k -> new ArrayList<>()).add(p);
        }
      }
      if (done.test(latest())) {
        return latest();
      }
    }
    throw new AssertionError("ml.quality.performance did not reach the expected state in " + timeout + "; latest v1 records: "
        + latest());
  }

  Map<Long, Performance> latest() {
    Map<Long, Performance> out = new TreeMap<>();
    v1.forEach((start, records) -> out.put(start, records.get(records.size() - 1)));
    return out;
  }

  /** Every record of a window, oldest first. */
  List<Performance> history(long windowStart) {
    return v1.getOrDefault(windowStart, List.of());
  }

  /** Mean accuracy over windows in [from, to) of the given records. */
  static double meanAccuracy(Map<Long, Performance> records, long from, long to) {
    return records.entrySet().stream().filter(e -> e.getKey() >= from && e.getKey() < to)
        .mapToDouble(e -> e.getValue().getAccuracy()).average().orElseThrow();
  }

  /**
   * The acceptance of the ground-truth issue on the demo's traffic: estimates exist for every window after
   * the drift before any of its labels, and fall; once the labels come, the realized accuracy falls the
   * same way and lands near the estimate; each window's labelled count only grows across its records.
   */
  static void assertEstimateSeesTheDropBeforeTheLabels(DemoPerformanceCheck check, long start, long driftAt, long end,
      long window, Runnable sendWithheldLabels) {
    Map<Long, Performance> early = check.readUntil(m -> {
      for (long w = start; w < end; w += window) {
        Performance p = m.get(w);
        boolean ok = w < driftAt - window ? p != null && !p.getEstimated() && p.getLabelledCount() >= 100
            : w < driftAt || p != null && p.getEstimated() && p.getPredictionCount() > 3_000;
        if (!ok) {
          return false;
        }
      }
      return true;
    }, Duration.ofSeconds(90));
    double realizedBefore = meanAccuracy(early, start, driftAt - window);
    double estimatedAfter = meanAccuracy(early, driftAt, end);
    System.out.printf(java.util.Locale.ROOT, "demo performance: realized before the drift %.3f, estimated after %.3f%n",
        realizedBefore, estimatedAfter);
    assertThat(estimatedAfter).isLessThan(realizedBefore - 0.05);

    sendWithheldLabels.run();
    Map<Long, Performance> late = check.readUntil(m -> {
      for (long w = driftAt; w < end; w += window) {
        Performance p = m.get(w);
        if (p == null || p.getEstimated() || p.getCoverage() < 0.85) {
          return false;
        }
      }
      return true;
    }, Duration.ofSeconds(90));
    double realizedAfter = meanAccuracy(late, driftAt, end);
    System.out.printf(java.util.Locale.ROOT, "demo performance: realized after the drift %.3f%n", realizedAfter);
    assertThat(realizedAfter).isLessThan(realizedBefore - 0.05).isCloseTo(estimatedAfter, within(0.04));
    for (long w = driftAt; w < end; w += window) {
      assertThat(late.get(w).getAccuracy()).as("window %d", w).isCloseTo(early.get(w).getAccuracy(), within(0.05));
      List<Long> labelled = check.history(w).stream().map(Performance::getLabelledCount).toList();
      assertThat(labelled).as("labelled counts of window %d, record by record", w).isSorted();
      assertThat(labelled.get(labelled.size() - 1)).isGreaterThan(labelled.get(0));
    }
  }

  private static Performance decode(byte[] bytes) {
    try {
      return Performance.getDecoder().decode(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    consumer.close();
  }
}
