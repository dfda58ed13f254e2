package dev.pqp.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.pqp.app.PqpRuntime;
import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.demo.ClaimsRisk;
import dev.pqp.demo.EventEncoder;
import dev.pqp.demo.TrafficGenerator;
import dev.pqp.demo.TrafficPublisher;
import dev.pqp.embedded.EmbeddedKafka;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented consumers of pqp's derived topics. The consumer of actions, {@code examples/python/retrain_on_action.py}, run as a user would run it
 * (Debian's {@code python3} with {@code python3-confluent-kafka}, which {@code .ci/run} installs; skipped without
 * them) against pqp on a real broker fed the demo's traffic, drifting from the fifth of ten 10 s windows: it POSTs
 * each version's opened retraining episode to a webhook (here a local HTTP server) once, with the episode id as
 * its idempotency key and the evidence of the windows that opened it.
 */
class ActionConsumerExampleIntegrationTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path EXAMPLE = Path.of("..", "examples", "python", "retrain_on_action.py");
  private static final Path DERIVED = Path.of("..", "examples", "python", "read_derived_topics.py");
  private static final long WINDOW = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldTriggerTheWebhookOncePerOpenedEpisode() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON) && python("import confluent_kafka"),
        "Debian's python3 with python3-confluent-kafka is not installed here (.ci/run installs it)");
    List<JsonNode> posts = new CopyOnWriteArrayList<>();
    List<String> keys = new CopyOnWriteArrayList<>();
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/retrain", exchange -> {
      posts.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
      keys.add(exchange.getRequestHeaders().getFirst("Idempotency-Key"));
      exchange.sendResponseHeaders(202, -1);
      exchange.close();
    });
    webhook.start();
    Process consumer = null;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of("log.retention.ms", "-1"))) {
      PqpConfig config = config(kafka.bootstrapServers());
      TopicSetup.ensure(config);
      ClaimsRisk.publishTrainingReference(config, 1005, 2005, 20_000, "it-training", 0);
      Path out = dir.resolve("consumer.out");
      consumer = new ProcessBuilder(PYTHON.toString(), EXAMPLE.toString(), "--bootstrap-servers",
          kafka.bootstrapServers(), "--webhook", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/retrain")
          .redirectErrorStream(true).redirectOutput(out.toFile()).start();
      try (PqpRuntime runtime = PqpRuntime.start(config)) {
        long start = (System.currentTimeMillis() - 600_000) / WINDOW * WINDOW;
        publish(config, start, start + 4 * WINDOW, start + 10 * WINDOW);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && posts.size() < 2) {
          Thread.sleep(500);
        }
        Thread.sleep(3_000); // a second request for an episode would come now
      }
      assertThat(posts).as("one request per version's episode; the consumer said: %s",
          Files.readString(out, StandardCharsets.UTF_8)).hasSize(2);
      for (JsonNode p : posts) {
        assertThat(p.get("model_name").asText()).isEqualTo(ClaimsRisk.MODEL);
        assertThat(p.get("action").asText()).isEqualTo("retraining_recommended");
        assertThat(p.get("episode_id").asText()).startsWith(ClaimsRisk.MODEL + "/" + p.get("model_version").asText()
            + "/retraining_recommended/");
        assertThat(p.get("evidence")).as("the windows that opened it").hasSize(3);
      }
      assertThat(posts.stream().map(p -> p.get("model_version").asText())).containsExactlyInAnyOrder("v1", "v2");
      assertThat(keys).containsExactlyInAnyOrderElementsOf(posts.stream().map(p -> p.get("episode_id").asText()).toList());
    } finally {
      if (consumer != null) {
        consumer.destroy();
        consumer.waitFor(10, TimeUnit.SECONDS);
      }
      webhook.stop(0);
    }
  }

  /**
   * {@code examples/python/read_derived_topics.py} reads every derived topic of pqp fed the demo's traffic (with its
   * labels and outcomes, and v2 compared with v1) into dicts, choosing its decoder from each record's headers.
   */
  @Test
  void shouldReadEveryDerivedTopicIntoDicts() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON) && python("import confluent_kafka"),
        "Debian's python3 with python3-confluent-kafka is not installed here (.ci/run installs it)");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of("log.retention.ms", "-1"))) {
      PqpConfig config = config(kafka.bootstrapServers(), Map.of("ground-truth.enabled", "true",
          "performance.emit-interval", "1s", "compare.versions", ClaimsRisk.MODEL + ":v2=v1"));
      TopicSetup.ensure(config);
      ClaimsRisk.publishTrainingReference(config, 1005, 2005, 20_000, "it-training", 0);
      try (PqpRuntime runtime = PqpRuntime.start(config)) {
        long start = (System.currentTimeMillis() - 600_000) / WINDOW * WINDOW;
        publish(config, start, start + 4 * WINDOW, start + 10 * WINDOW);
        Map<String, List<JsonNode>> read = Map.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline && read.size() < 6) {
          Thread.sleep(5_000);
          read = readAll(kafka.bootstrapServers());
        }
        Map<String, List<JsonNode>> byTopic = read;
        assertThat(byTopic).as("every derived topic").containsOnlyKeys("ml.quality.feature-drift",
            "ml.quality.model-window", "ml.quality.performance", "ml.quality.actions", "ml.quality.comparisons",
            "ml.quality.profiles");
        Map<String, String> fields = Map.of("ml.quality.feature-drift", "feature_name", "ml.quality.model-window",
            "event_count", "ml.quality.performance", "labelled_count", "ml.quality.actions", "episode_id",
            "ml.quality.comparisons", "verdict");
        fields.forEach((topic, field) -> assertThat(byTopic.get(topic)).as(topic).allSatisfy(r -> {
          assertThat(r.get("format").asText()).isEqualTo("json");
          assertThat(r.get("type").asText()).startsWith("dev.pqp.schema.");
          assertThat(r.get("value").has(field)).as("%s has %s", r.get("value"), field).isTrue();
        }));
        assertThat(byTopic.get("ml.quality.profiles")).allSatisfy(r -> {
          assertThat(r.get("format").asText()).isEqualTo("pqp-profile");
          assertThat(r.get("value").get("bytes").asInt()).isPositive();
        });
      }
    }
  }

  /** The example's output lines by topic. */
  private Map<String, List<JsonNode>> readAll(String bootstrap) throws Exception {
    Path out = dir.resolve("derived.out");
    Process reader = new ProcessBuilder(PYTHON.toString(), DERIVED.toString(), "--bootstrap-servers", bootstrap,
        "--idle", "4").redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(out.toFile()).start();
    assertThat(reader.waitFor(60, TimeUnit.SECONDS)).as("the reader stops when idle").isTrue();
    assertThat(reader.exitValue()).isZero();
    Map<String, List<JsonNode>> byTopic = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      JsonNode r = JSON.readTree(line);
      byTopic.computeIfAbsent(r.get("topic").asText(), t -> new java.util.ArrayList<>()).add(r);
    }
    return byTopic;
  }

  private PqpConfig config(String bootstrap) {
    return config(bootstrap, Map.of());
  }

  private PqpConfig config(String bootstrap, Map<String, String> more) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", bootstrap);
    s.put("application.id", "action-example");
    s.put("state.dir", dir.resolve("state").toString());
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("topics.partitions", "2");
    s.put("window.size", "10s");
    s.put("window.grace", "2s");
    s.put("window.idle-flush", "5s");
    s.put("output.format", "json"); // what the example reads
    s.putAll(more);
    return ConfigLoader.load(null, Map.of(), s);
  }

  private static void publish(PqpConfig config, long start, long driftAt, long end) throws IOException {
    TrafficGenerator gen = new TrafficGenerator(5, driftAt, 0.0, EventEncoder.json(), config.topics().predictions(),
        config.topics().groundTruth());
    try (TrafficPublisher pub = new TrafficPublisher(config.bootstrapServers(), config.topics().predictions(),
        config.topics().groundTruth())) {
      for (long t = start; t < end; t += 5) {
        pub.send(gen.next(t));
      }
      pub.flush();
      assertThat(pub.failed()).isZero();
    }
  }

  private static boolean python(String statement) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", statement).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
  }
}
