package dev.pqp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.app.PqpRuntime;
import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.reference.ReferencePublisher;
import dev.pqp.schema.FeatureDrift;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's promise, end to end on a real broker: with a training reference of claims-risk and 20 s
 * windows, the drift of the generator (income and claim_amount shift, age goes missing) is flagged in the
 * windows after it starts, and stable features are not flagged, neither before nor after.
 */
class DemoDriftIntegrationTest {
  private static final long WINDOW = 20_000;
  private static final long SEED = 7;

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of("log.retention.ms", "-1"));
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Test
  void shouldFlagIncomeAndClaimAmountAfterTheDriftAndNotTheStableFeatures() throws Exception {
    Map<String, String> settings = new HashMap<>();
    settings.put("bootstrap.servers", kafka.bootstrapServers());
    settings.put("application.id", "demo-drift-" + UUID.randomUUID());
    settings.put("state.dir", dir.resolve("state").toString());
    settings.put("http.port", "0");
    settings.put("window.size", "20s");
    settings.put("window.grace", "2s");
    settings.put("window.idle-flush", "5s");
    settings.put("kafka.consumer.session.timeout.ms", "6000");
    PqpConfig config = ConfigLoader.load(null, Map.of(), settings);
    TopicSetup.ensure(config);
    ReferenceBuilder builder = new ReferenceBuilder(config.analysis().profile());
    ClaimsRisk.trainingRows(SEED + 1000, 50_000).forEach(builder::add);
    ReferencePublisher.publish(kafka.bootstrapServers(), config.topics().reference(),
        builder.build("it-training", ClaimsRisk.MODEL, ReferenceProfile.ALL_VERSIONS, 0));

    long start = (System.currentTimeMillis() - 600_000) / WINDOW * WINDOW; // 10 min ago, window-aligned
    long driftAt = start + 4 * WINDOW;
    long end = start + 8 * WINDOW;
    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      TrafficGenerator gen = new TrafficGenerator(SEED, driftAt, 0.0, EventEncoder.json(),
          config.topics().predictions(), config.topics().groundTruth());
      try (TrafficPublisher pub = new TrafficPublisher(kafka.bootstrapServers(), config.topics().predictions(),
          config.topics().groundTruth())) {
        for (long t = start; t < end; t += 5) {
          pub.send(gen.next(t));
        }
        pub.flush();
        assertThat(pub.failed()).isZero();
      }
      Map<Long, Map<String, FeatureDrift>> v1 = readV1Windows(config.topics().featureDrift(), 8, Duration.ofSeconds(90));

      for (long w = start; w < end; w += WINDOW) {
        Map<String, FeatureDrift> f = v1.get(w);
        assertThat(f).as("window %d", (w - start) / WINDOW).isNotNull();
        assertThat(f.get("income").getReferenceKind()).isEqualTo("training");
        boolean drifted = w >= driftAt;
        assertThat(f.get("income").getDriftDetected()).as("income, window %d", (w - start) / WINDOW).isEqualTo(drifted);
        assertThat(f.get("claim_amount").getDriftDetected()).as("claim_amount, window %d", (w - start) / WINDOW)
            .isEqualTo(drifted);
        for (String stable : List.of("policy_type", "has_prior_claims", "zipcode")) {
          assertThat(f.get(stable).getDriftDetected()).as("%s, window %d", stable, (w - start) / WINDOW).isFalse();
        }
        assertThat(f.get("age").getMissingRatio()).as("age missing, window %d", (w - start) / WINDOW)
            .isGreaterThan(drifted ? 0.05 : 0.0).isLessThan(drifted ? 1.0 : 0.05);
      }
      Gauge income = runtime.registry().find("ml.data.drift.detected")
          .tags("model_name", ClaimsRisk.MODEL, "model_version", "v1", "feature_name", "income").gauge();
      assertThat(income).isNotNull();
      assertThat(income.value()).isEqualTo(1.0);
    }
  }

  /** Feature-drift records of v1 by window start and feature, read committed, until {@code windows} windows. */
  private static Map<Long, Map<String, FeatureDrift>> readV1Windows(String topic, int windows, Duration timeout) {
    Map<String, Object> p = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<Long, Map<String, FeatureDrift>> out = new TreeMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      while (System.nanoTime() < deadline && (out.size() < windows || out.values().stream().anyMatch(m -> m.size() < 6))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          FeatureDrift f = decode(r.value());
          if (f.getModelVersion().equals("v1")) {
            out.computeIfAbsent(f.getWindowStart(), k -> new TreeMap<>()).put(f.getFeatureName(), f);
          }
        }
      }
    }
    return out;
  }

  private static FeatureDrift decode(byte[] bytes) {
    try {
      return FeatureDrift.getDecoder().decode(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
