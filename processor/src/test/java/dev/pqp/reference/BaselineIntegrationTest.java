package dev.pqp.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigKey;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.demo.ClaimsRisk;
import dev.pqp.demo.EventEncoder;
import dev.pqp.demo.TrafficGenerator;
import dev.pqp.demo.TrafficPublisher;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.FeatureKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pqp baseline} against a real in-process broker: files and past traffic to the reference topic. */
class BaselineIntegrationTest {
  private static final String REFERENCE_TOPIC = "ml.quality.reference";
  @TempDir static Path dir;
  private static EmbeddedKafka broker;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of());
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldPublishAReferenceBuiltFromACsvFile() {
    List<Map<String, Object>> rows = ClaimsRisk.trainingRows(1, 3_000);
    List<String> header = List.of("income", "age", "claim_amount", "zipcode", "policy_type", "has_prior_claims");
    Path csv = TrainingFiles.csv(dir.resolve("claims.csv"), header, rows);

    ReferenceFromFileTest.Run run = ReferenceFromFileTest.run("baseline", "--model", "csv-model", "--input", csv.toString(),
        "--categorical", "zipcode", "--id", "claims-2026", "--publish", "--bootstrap-servers", broker.bootstrapServers());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("published csv-model/\\* to " + REFERENCE_TOPIC + " partition 0 offset \\d+");
    ReferenceProfile ref = ReferenceCodec.decode(published().get("csv-model/*"));
    assertThat(ref.id()).isEqualTo("claims-2026");
    assertThat(ref.modelName()).isEqualTo("csv-model");
    assertThat(ref.modelVersion()).isEqualTo(ReferenceProfile.ALL_VERSIONS);
    assertThat(ref.kind()).isEqualTo(ReferenceKind.TRAINING);
    Map<String, FeatureProfile> f = ref.profile().features();
    assertThat(f).containsOnlyKeys(header);
    assertThat(f.get("income").kind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(f.get("age").kind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(f.get("zipcode").kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(f.get("has_prior_claims").kind()).isEqualTo(FeatureKind.BOOLEAN);
    for (String name : header) {
      long missing = rows.stream().filter(r -> r.get(name) == null).count();
      assertThat(f.get(name).missing()).as(name).isEqualTo(missing);
      assertThat(f.get(name).count()).as(name).isEqualTo(rows.size() - missing);
      assertThat(f.get(name).invalid()).as(name).isZero();
    }
  }

  @Test
  void shouldPublishAReferenceBuiltFromAJsonLinesFile() {
    List<Map<String, Object>> rows = ClaimsRisk.trainingRows(2, 1_000);
    Path jsonl = TrainingFiles.jsonl(dir.resolve("claims.jsonl"), rows, true);

    ReferenceFromFileTest.Run run = ReferenceFromFileTest.run("baseline", "--model", "jsonl-model", "--version", "v7",
        "--input", jsonl.toString(), "--exclude", "policy_type", "--publish", "-b", broker.bootstrapServers());

    assertThat(run.exit()).as(run.err()).isZero();
    ReferenceProfile ref = ReferenceCodec.decode(published().get("jsonl-model/v7"));
    assertThat(ref.topicKey()).isEqualTo("jsonl-model/v7");
    assertThat(ref.kind()).isEqualTo(ReferenceKind.TRAINING);
    assertThat(ref.id()).startsWith("claims.jsonl@");
    assertThat(ref.profile().features()).containsOnlyKeys("income", "age", "claim_amount", "zipcode", "has_prior_claims");
    ref.profile().features().forEach((name, p) -> assertThat(p.count() + p.missing()).as(name).isEqualTo(1_000));
    assertThat(ref.profile().features().get("zipcode").kind()).isEqualTo(FeatureKind.CATEGORICAL);
  }

  @Test
  void shouldBuildAReferenceFromPastPredictionTraffic() throws Exception {
    Map<String, String> flags = Map.of(ConfigKey.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers());
    PqpConfig config = ConfigLoader.load(null, Map.of(), flags);
    TopicSetup.ensure(config);
    String predictions = config.topics().predictions();
    awaitLeaders(predictions);
    long t0 = (System.currentTimeMillis() - Duration.ofMinutes(20).toMillis()) / 1000 * 1000;
    long from = t0 + 120_000;
    long to = t0 + 420_000;
    TrafficGenerator gen = new TrafficGenerator(5, Long.MAX_VALUE, 0.05, EventEncoder.json(), predictions,
        config.topics().groundTruth());
    ObjectMapper json = new ObjectMapper();
    long v1 = 0;
    long other = 0;
    long bad = 0;
    try (TrafficPublisher publisher = new TrafficPublisher(broker.bootstrapServers(), predictions, config.topics().groundTruth())) {
      for (int i = 0; i < 3_000; i++) {
        long ts = t0 + i * 200L;
        List<TrafficGenerator.Out> outs = gen.next(ts);
        publisher.send(outs);
        for (TrafficGenerator.Out o : outs) {
          if (o.kind() != TrafficGenerator.Kind.PREDICTION || o.timestampMs() < from || o.timestampMs() >= to) {
            continue;
          }
          if (o.bad()) {
            bad++;
          } else if (json.readTree(o.value()).get("model_version").asText().equals("v1")) {
            v1++;
          } else {
            other++;
          }
        }
      }
      publisher.flush();
    }
    assertThat(v1).isGreaterThan(1_000);
    assertThat(bad).isPositive();

    ReferenceFromFileTest.Run run = ReferenceFromFileTest.run("baseline", "--from-topic", "--model", ClaimsRisk.MODEL,
        "--version", "v1", "--from", Instant.ofEpochMilli(from).toString(), "--to", Long.toString(to), "--publish",
        "-b", broker.bootstrapServers());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains(v1 + " predictions of claims-risk/v1 kept, " + other + " of other models or versions, "
        + "0 outside the time range, " + bad + " rejected");
    ReferenceProfile ref = ReferenceCodec.decode(published().get("claims-risk/v1"));
    assertThat(ref.modelVersion()).isEqualTo("v1");
    assertThat(ref.id()).isEqualTo(predictions + "@" + Instant.ofEpochMilli(from) + ".." + Instant.ofEpochMilli(to));
    assertThat(ref.profile().predictionCount()).isEqualTo(v1);
    assertThat(ref.profile().features()).containsOnlyKeys("income", "age", "claim_amount", "zipcode", "policy_type",
        "has_prior_claims");
    long kept = v1;
    ref.profile().features().forEach((name, p) -> assertThat(p.count() + p.missing()).as(name).isEqualTo(kept));
    assertThat(ref.profile().predictionMix()).isNotNull();
  }

  /** Producing to a topic created a moment ago meets NOT_LEADER and then sequence errors that stall for minutes. */
  private static void awaitLeaders(String topic) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        if (d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("no leaders for " + topic);
    }
  }

  /** The latest value of each key on the reference topic. */
  private static Map<String, byte[]> published() {
    Map<String, Object> p = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    Map<String, byte[]> out = new HashMap<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(REFERENCE_TOPIC, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp)).get(tp);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (c.position(tp) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.put(r.key(), r.value());
        }
      }
    }
    return out;
  }
}
