package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.ingest.WriterSchemas;
import io.micrometer.core.instrument.FunctionCounter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ground-truth.copartitioned=auto} on a real broker: the check reads the latest records of both topics and
 * says co-partitioned only when every one is keyed by its prediction_id in the default partitioner's partition, on
 * topics of equal partition counts; and {@code pqp run} with its defaults then joins without repartitioning.
 */
class CopartitionCheckIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path dir;
  private static EmbeddedKafka kafka;
  private static Admin admin;
  private static KafkaProducer<byte[], byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(EmbeddedKafka.freePort(), dir.resolve("kafka"), Map.of());
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    admin.close();
    kafka.close();
  }

  @Test
  void shouldFindTopicsKeyedByPredictionIdCopartitionedAndSayWhyOthersAreNot() throws Exception {
    topics("a", 3, 3);
    assertThat(check("a").reason()).contains("has no events to check yet");
    producer.send(new ProducerRecord<>("a.predictions", key("junk"), "not json".getBytes(StandardCharsets.UTF_8))).get();
    producer.send(new ProducerRecord<>("a.labels", key("junk"), "not json".getBytes(StandardCharsets.UTF_8))).get();
    assertThat(check("a").copartitioned()).as("dead letters say nothing of how events are keyed").isFalse();
    send("a", 40, id -> id, id -> id);
    CopartitionCheck.Verdict keyed = check("a");
    assertThat(keyed.copartitioned()).as(keyed.reason()).isTrue();
    assertThat(keyed.reason()).contains("the latest 40 predictions and 40 labels", "3 partitions each");

    topics("b", 3, 3);
    send("b", 10, id -> id, id -> "user-" + id); // labels keyed by something else
    CopartitionCheck.Verdict wrongKey = check("b");
    assertThat(wrongKey.copartitioned()).isFalse();
    assertThat(wrongKey.reason()).contains("record b.labels-", "is keyed 'user-", "not by its prediction_id");

    topics("c", 3, 3);
    for (int i = 0; i < 10; i++) { // keyed right, in the wrong partition (a custom partitioner)
      String id = "p" + i;
      producer.send(new ProducerRecord<>("c.predictions", 0, key(id), prediction(id))).get();
      producer.send(new ProducerRecord<>("c.labels", 0, key(id), label(id))).get();
    }
    CopartitionCheck.Verdict wrongPartition = check("c");
    assertThat(wrongPartition.copartitioned()).isFalse();
    assertThat(wrongPartition.reason()).contains("is in partition 0, but Kafka's default partitioner puts its key in");

    topics("d", 3, 2);
    send("d", 10, id -> id, id -> id);
    assertThat(check("d").reason()).isEqualTo("topics 'd.predictions' and 'd.labels' have 3 and 2 partitions");
  }

  @Test
  void shouldKeepRepartitioningWhileAnEarlierRunLeftUnreadRecordsInItsRepartitionTopics() throws Exception {
    topics("e", 2, 2);
    send("e", 10, id -> id, id -> id);
    String unread = dev.pqp.topology.PqpTopology.joinRepartitionTopics("e-app").get(0);
    admin.createTopics(List.of(new NewTopic(unread, 2, (short) 1))).all().get();
    producer.send(new ProducerRecord<>(unread, 1, key("x"), new byte[] {1})).get();
    CopartitionCheck.Verdict v = check("e");
    assertThat(v.copartitioned()).isFalse();
    assertThat(v.reason()).contains("an earlier run left 1 records in its repartition topics", unread);
  }

  @Test
  void shouldJoinWithoutRepartitioningWhenRunWithTheDefaults() throws Exception {
    topics("f", 2, 2);
    send("f", 50, id -> id, id -> id);
    long started = System.nanoTime();
    try (PqpRuntime runtime = PqpRuntime.start(config("f"))) {
      assertThat(runtime.config().analysis().groundTruth().copartitioned()).isTrue();
      assertThat(runtime.streams().metadataForLocalThreads().toString()).doesNotContain("truth-predictions-by-id");
      long deadline = System.currentTimeMillis() + 60_000;
      double matched = 0;
      while (matched < 50 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
        matched = joined(runtime, "matched") + joined(runtime, "early_matched");
      }
      System.out.printf("joined %.0f of 50 in %d ms; %s%n", matched, (System.nanoTime() - started) / 1_000_000,
          runtime.registry().find("pqp.ground.truth").functionCounters().stream()
              .map(c -> c.getId().getTag("result") + "=" + c.count()).toList());
      assertThat(matched).isEqualTo(50);
      assertThat(misrouted(runtime)).isZero();
      // a label keyed by something else than its prediction_id is counted, whatever partition it lands in
      producer.send(new ProducerRecord<>("f.labels", key("not-the-id"), label("f-late"))).get();
      while (misrouted(runtime) < 1 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      assertThat(misrouted(runtime)).isEqualTo(1);
    }
  }

  private static double misrouted(PqpRuntime runtime) {
    return runtime.registry().find("pqp.ground.truth.misrouted").counters().stream()
        .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
  }

  /** Labels the join matched with their prediction, by result: {@code matched} or {@code early_matched}. */
  private static double joined(PqpRuntime runtime, String result) {
    return Optional.ofNullable(runtime.registry().find("pqp.ground.truth").tag("result", result).functionCounter())
        .map(FunctionCounter::count).orElse(0.0);
  }

  /** Creates both topics and waits until every partition has a leader, so that no send is retried or lost. */
  private static void topics(String prefix, int predictions, int labels) throws Exception {
    List<String> names = List.of(prefix + ".predictions", prefix + ".labels");
    admin.createTopics(List.of(new NewTopic(names.get(0), predictions, (short) 1),
        new NewTopic(names.get(1), labels, (short) 1))).all().get();
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      try {
        if (admin.describeTopics(names).allTopicNames().get().values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
          return;
        }
      } catch (java.util.concurrent.ExecutionException e) {
        // metadata of topics created a moment ago may not have propagated yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("topics " + names + " have no leader after 30 s");
  }

  /** {@code n} predictions and their labels, keyed as given, partitioned by the producer's default partitioner. */
  private static void send(String prefix, int n, java.util.function.UnaryOperator<String> predictionKey,
      java.util.function.UnaryOperator<String> labelKey) throws Exception {
    List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      sent.add(producer.send(new ProducerRecord<>(prefix + ".predictions", key(predictionKey.apply(id)), prediction(id))));
      sent.add(producer.send(new ProducerRecord<>(prefix + ".labels", key(labelKey.apply(id)), label(id))));
    }
    for (var f : sent) {
      f.get(); // every record written, or the test fails here rather than by a count short of it
    }
  }

  private static byte[] key(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] prediction(String id) throws Exception {
    return JSON.writeValueAsBytes(Map.of("prediction_id", id, "model_name", "m", "model_version", "v1",
        "timestamp", 1_700_000_000_000L, "features", Map.of("x", 1.0), "prediction", Map.of("label", "1")));
  }

  private static byte[] label(String id) throws Exception {
    return JSON.writeValueAsBytes(Map.of("prediction_id", id, "timestamp", 1_700_000_001_000L, "label", "1"));
  }

  private static CopartitionCheck.Verdict check(String prefix) throws Exception {
    return CopartitionCheck.check(config(prefix), admin, WriterSchemas.NONE);
  }

  private static PqpConfig config(String prefix) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("application.id", prefix + "-app");
    s.put("state.dir", dir.resolve("state-" + prefix).toString());
    s.put("http.port", "0");
    s.put("topics.predictions", prefix + ".predictions");
    s.put("topics.ground-truth", prefix + ".labels");
    s.put("topics.features", prefix + ".features");
    s.put("topics.dead-letter", prefix + ".dead-letter");
    return ConfigLoader.load(null, Map.of(), s);
  }
}
