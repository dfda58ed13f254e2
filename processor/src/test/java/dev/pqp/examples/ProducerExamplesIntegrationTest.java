package dev.pqp.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.app.PqpRuntime;
import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.testing.Exposition;
import dev.pqp.testing.Settle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.search.Search;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The producer examples, run as a user runs them, against pqp on a real broker with the ground-truth join on:
 * {@code examples/python/produce_predictions.py} (Debian's {@code python3} with {@code python3-confluent-kafka}, which
 * {@code .ci/run} installs; skipped without them) and {@code examples/jvm}'s {@code ProducePredictions} (its source file
 * run by the {@code java} launcher on this test's class path, which holds kafka-clients and Jackson) publish
 * predictions, then their labels and outcomes. pqp understood every record: none was dead-lettered, each prediction is
 * counted under the example's model, each label and outcome joined its prediction, and {@code ml.quality.performance}
 * and {@code ml.quality.model-window}, read by the reader example of the same language, count every label and outcome
 * and every prediction's score, class, route, status, latency and features.
 */
class ProducerExamplesIntegrationTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Path JVM_EXAMPLES = EXAMPLES.resolve(Path.of("jvm", "src", "main", "java", "dev", "pqp",
      "examples"));
  private static final int COUNT = 200;
  private static final String DERIVED = "ml.quality.performance,ml.quality.model-window";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static PqpRuntime runtime;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of());
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("application.id", "producer-examples");
    s.put("state.dir", dir.resolve("state").toString());
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("topics.partitions", "2");
    s.put("window.size", "2s"); // the windows of the predictions close a few seconds after them
    s.put("window.grace", "1s");
    s.put("window.idle-flush", "2s");
    s.put("ground-truth.enabled", "true");
    s.put("performance.emit-interval", "1s");
    s.put("output.format", "json"); // what the readers decode
    PqpConfig config = ConfigLoader.load(null, Map.of(), s);
    TopicSetup.ensure(config);
    runtime = PqpRuntime.start(config);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldUnderstandEveryPredictionLabelAndOutcomeOfThePythonProducer() throws Exception {
    assumeTrue(Files.isExecutable(PYTHON) && exitsZero(List.of(PYTHON.toString(), "-c", "import confluent_kafka")),
        "Debian's python3 with python3-confluent-kafka is not installed here (.ci/run installs it)");
    String model = "claims-risk-python";
    Totals before = Totals.now();
    JsonNode sent = summary(run(List.of(PYTHON.toString(), EXAMPLES.resolve("python/produce_predictions.py").toString(),
        "--bootstrap-servers", kafka.bootstrapServers(), "--model-name", model, "--count", String.valueOf(COUNT),
        "--label-delay", "1")));
    assertUnderstood(model, sent, before, () -> run(List.of(PYTHON.toString(),
        EXAMPLES.resolve("python/read_derived_topics.py").toString(), "--bootstrap-servers", kafka.bootstrapServers(),
        "--topics", DERIVED, "--idle", "3")));
  }

  @Test
  void shouldUnderstandEveryPredictionLabelAndOutcomeOfTheJvmProducer() throws Exception {
    String model = "claims-risk-jvm";
    Totals before = Totals.now();
    JsonNode sent = summary(run(java("ProducePredictions.java", "--bootstrap-servers", kafka.bootstrapServers(),
        "--model-name", model, "--count", String.valueOf(COUNT), "--label-delay", "1")));
    assertUnderstood(model, sent, before, () -> run(java("ReadDerivedTopics.java", "--bootstrap-servers",
        kafka.bootstrapServers(), "--topics", DERIVED, "--idle", "3")));
  }

  /** What pqp says of what the example {@code sent} (its summary line) for {@code model}. */
  private static void assertUnderstood(String model, JsonNode sent, Totals before, Reader derivedReader)
      throws Exception {
    assertThat(sent.get("predictions").asInt()).isEqualTo(COUNT);
    assertThat(sent.get("labels").asInt()).isEqualTo(COUNT);
    assertThat(sent.get("failed").asInt()).isZero();
    int clicks = sent.get("outcomes").get("click").asInt();
    int conversions = sent.get("outcomes").get("conversion").asInt();
    assertThat(clicks).as("clicks sent").isPositive();
    assertThat(conversions).as("conversions sent").isPositive();
    int records = 2 * COUNT + clicks + conversions;

    Settle.await(() -> sum("pqp.records") - before.records, records, TIMEOUT, "pqp_records_total");
    assertThat(sum("pqp.records") - before.records).as("records read").isEqualTo(records);
    assertThat(sum("pqp.records.rejected")).as("pqp_records_rejected_total: dead letters").isZero();
    assertThat(sum("pqp.events", "model_name", model, "type", "prediction")).isEqualTo(COUNT);
    assertThat(sum("pqp.events", "type", "ground_truth") - before.truths).isEqualTo(COUNT + clicks + conversions);

    Settle.await(() -> Totals.now().labelsJoined - before.labelsJoined, COUNT, TIMEOUT, "labels joined");
    Settle.await(() -> Totals.now().outcomesJoined - before.outcomesJoined, clicks + conversions, TIMEOUT,
        "outcomes joined");
    Totals after = Totals.now();
    assertThat(after.labelsJoined - before.labelsJoined).as("labels matched").isEqualTo(COUNT);
    assertThat(after.outcomesJoined - before.outcomesJoined).as("outcomes matched").isEqualTo(clicks + conversions);

    // the windows of its predictions finalized (the score histogram counts finalized windows), then read them
    Settle.await(() -> scrape().sum("ml_prediction_score_count", "model_name", model), COUNT, TIMEOUT,
        "ml_prediction_score_count of " + model);
    Map<String, Long> expected = expected(clicks, conversions);
    Map<String, Long> derived = Map.of();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline && !derived.equals(expected)) {
      derived = derived(model, derivedReader.read());
    }
    assertThat(derived).as("what ml.quality.performance and ml.quality.model-window say of %s", model)
        .isEqualTo(expected);
  }

  /** Every prediction in the windows' counts, with its label, outcomes, score, class, route, status and latency. */
  private static Map<String, Long> expected(long clicks, long conversions) {
    long n = COUNT;
    return new TreeMap<>(Map.of("performance prediction_count", n, "performance labelled_count", n,
        "performance outcome click", clicks, "performance outcome conversion", conversions,
        "model-window event_count", n, "model-window score_histogram", n, "model-window class_counts", n,
        "model-window requests /v2/score success", n, "model-window windows without latency_p50_ms", 0L,
        "model-window feature_count (max)", 4L));
  }

  /**
   * What pqp derived for {@code model}, from a reader's lines: counts summed over the windows of the latest
   * ml.quality.performance record of each (an upsert) and of the ml.quality.model-window record of each.
   */
  private static Map<String, Long> derived(String model, List<String> lines) throws IOException {
    Map<String, JsonNode> performance = new LinkedHashMap<>();
    Map<Long, JsonNode> windows = new LinkedHashMap<>();
    for (String line : lines) {
      JsonNode r = JSON.readTree(line);
      JsonNode v = r.get("value");
      assertThat(r.get("format").asText()).isEqualTo("json");
      if (v.get("model_name").asText().equals(model)) {
        if (r.get("topic").asText().equals("ml.quality.performance")) {
          performance.put(r.get("key").asText(), v);
        } else {
          windows.put(v.get("window_start").asLong(), v);
        }
      }
    }
    Map<String, Long> t = new TreeMap<>();
    for (JsonNode p : performance.values()) {
      t.merge("performance prediction_count", p.get("prediction_count").asLong(), Long::sum);
      t.merge("performance labelled_count", p.get("labelled_count").asLong(), Long::sum);
      p.get("outcomes").forEach(o -> t.merge("performance outcome " + o.get("name").asText(), o.get("count").asLong(),
          Long::sum));
    }
    for (JsonNode w : windows.values()) {
      t.merge("model-window event_count", w.get("event_count").asLong(), Long::sum);
      w.get("score_histogram").forEach(c -> t.merge("model-window score_histogram", c.asLong(), Long::sum));
      w.get("class_counts").forEach(c -> t.merge("model-window class_counts", c.asLong(), Long::sum));
      w.get("requests").forEach(q -> t.merge("model-window requests " + q.get("route").asText() + " "
          + q.get("status").asText(), q.get("count").asLong(), Long::sum));
      t.merge("model-window windows without latency_p50_ms", w.get("latency_p50_ms").isNull() ? 1L : 0L, Long::sum);
      t.merge("model-window feature_count (max)", w.get("feature_count").asLong(), Math::max);
    }
    return t;
  }

  /** The global counters a test reads the growth of: the two tests share one pqp. */
  private record Totals(double records, double truths, double labelsJoined, double outcomesJoined) {
    static Totals now() {
      return new Totals(sum("pqp.records"), sum("pqp.events", "type", "ground_truth"),
          sum("pqp.ground.truth", "result", "matched") + sum("pqp.ground.truth", "result", "early_matched"),
          sum("pqp.ground.truth", "result", "outcome_matched")
              + sum("pqp.ground.truth", "result", "outcome_early_matched"));
    }
  }

  /** pqp's /metrics. */
  private static Exposition scrape() {
    try {
      return Exposition.parse(HTTP.send(HttpRequest.newBuilder(URI.create(runtime.baseUrl() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static double sum(String name, String... tags) {
    Search s = runtime.registry().find(name).tags(tags);
    return s.counters().stream().mapToDouble(Counter::count).sum()
        + s.functionCounters().stream().mapToDouble(FunctionCounter::count).sum();
  }

  /** Runs a reader example once; its output lines. */
  @FunctionalInterface
  private interface Reader {
    List<String> read() throws Exception;
  }

  /** A single-file Java program run from its source by the {@code java} launcher, with this test's class path. */
  private static List<String> java(String source, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), JVM_EXAMPLES.resolve(source).toString()));
    command.addAll(List.of(args));
    return command;
  }

  /** The lines {@code command} prints; fails unless it exits with 0 within a minute (its stderr goes to the test's). */
  private static List<String> run(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "example", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    boolean done = p.waitFor(60, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String example = command.stream().filter(c -> c.endsWith(".py") || c.endsWith(".java")).findFirst().orElseThrow();
    assertThat(done && p.exitValue() == 0).as("%s exited with 0", example).isTrue();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  /** A producer example's last line: what it sent. */
  private static JsonNode summary(List<String> lines) throws IOException {
    assertThat(lines).as("the producer's output").isNotEmpty();
    return JSON.readTree(lines.get(lines.size() - 1));
  }

  private static boolean exitsZero(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return false;
    }
    return p.exitValue() == 0;
  }
}
