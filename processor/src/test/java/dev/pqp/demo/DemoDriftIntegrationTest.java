package dev.pqp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.app.PqpRuntime;
import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.testing.Exposition;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
  private static final ObjectMapper JSON = new ObjectMapper();

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
    settings.put("output.format", "avro"); // read back with the Avro classes' decoders
    settings.put("window.size", "20s");
    settings.put("window.grace", "2s");
    settings.put("window.idle-flush", "5s");
    settings.put("kafka.consumer.session.timeout.ms", "6000");
    settings.put("ground-truth.enabled", "true");
    settings.put("performance.emit-interval", "2s");
    PqpConfig config = ConfigLoader.load(null, Map.of(), settings);
    TopicSetup.ensure(config);
    // a training file with a score column
    ClaimsRisk.publishTrainingReference(config, SEED + 1000, SEED + 2000, 50_000, "it-training", 0);

    long start = (System.currentTimeMillis() - 600_000) / WINDOW * WINDOW; // 10 min ago, window-aligned
    long driftAt = start + 4 * WINDOW;
    long end = start + 8 * WINDOW;
    List<JsonNode> sent = new java.util.ArrayList<>();
    // labels come 30 s to 5 min late: none sent past this time belongs to a prediction after the drift
    long labelCutoff = driftAt + 30_000;
    List<TrafficGenerator.Out> withheld = new java.util.ArrayList<>();
    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      TrafficGenerator gen = new TrafficGenerator(SEED, driftAt, 0.0, EventEncoder.json(),
          config.topics().predictions(), config.topics().groundTruth());
      try (TrafficPublisher pub = new TrafficPublisher(kafka.bootstrapServers(), config.topics().predictions(),
          config.topics().groundTruth())) {
        for (long t = start; t < end; t += 5) {
          List<TrafficGenerator.Out> outs = new java.util.ArrayList<>();
          for (TrafficGenerator.Out o : gen.next(t)) {
            (o.kind() == TrafficGenerator.Kind.GROUND_TRUTH && o.timestampMs() >= labelCutoff ? withheld : outs).add(o);
          }
          pub.send(outs);
          for (TrafficGenerator.Out o : outs) {
            if (o.kind() == TrafficGenerator.Kind.PREDICTION && !o.bad()) {
              sent.add(JSON.readTree(o.value()));
            }
          }
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
      assertQueriesOnMetrics(runtime.httpPort(), sent);
      assertScoreDriftRisesAfterTheDrift(config.topics().modelWindow(), driftAt);
      withheld.addAll(gen.labelsDue(Long.MAX_VALUE));
      try (DemoPerformanceCheck perf = new DemoPerformanceCheck(kafka.bootstrapServers(), config.topics().performance())) {
        DemoPerformanceCheck.assertEstimateSeesTheDropBeforeTheLabels(perf, start, driftAt, end, WINDOW,
            () -> publish(config, withheld));
      }
      assertPerformanceOnMetrics(runtime.httpPort());
    }
  }

  /**
   * What the usual recording rules compute, evaluated on the exposition text of /metrics once every
   * window is finalized, against the same computation on the raw events sent: score p50
   * (histogram_quantile over ml_prediction_score_bucket), error ratio (ml_inference_requests_total) and
   * latency p95 (histogram_quantile over ml_inference_latency_seconds_bucket).
   */
  private static void assertQueriesOnMetrics(int port, List<JsonNode> sent) throws Exception {
    List<JsonNode> v1 = sent.stream().filter(e -> e.get("model_version").asText().equals("v1")).toList();
    Exposition m = scrapeUntil(port, x -> x.sum("ml_prediction_score_count") >= sent.size(), Duration.ofSeconds(60));
    assertThat(m.sum("ml_prediction_score_count")).isEqualTo((double) sent.size());
    double[] scoreLe = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
    double[] latencyLe = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 2, 5, 10};
    List<Double> scores = v1.stream().map(e -> e.get("prediction").get("score").asDouble()).toList();
    assertThat(m.histogramQuantile(0.5, "ml_prediction_score", "model_version", "v1"))
        .isCloseTo(promQuantile(0.5, scoreLe, scores), org.assertj.core.api.Assertions.within(1e-9));
    long errors = v1.stream().filter(e -> e.get("status").asText().equals("error")).count();
    assertThat(errors).isPositive();
    assertThat(m.sum("ml_inference_requests_total", "model_version", "v1", "status", "error")
        / m.sum("ml_inference_requests_total", "model_version", "v1"))
        .isCloseTo((double) errors / v1.size(), org.assertj.core.api.Assertions.within(1e-12));
    List<Double> latencies = v1.stream().filter(e -> e.get("route").asText().equals("/v1/score"))
        .map(e -> e.get("latency_ms").asDouble() / 1000).toList();
    assertThat(m.histogramQuantile(0.95, "ml_inference_latency_seconds", "model_version", "v1", "route", "/v1/score"))
        .isCloseTo(promQuantile(0.95, latencyLe, latencies), org.assertj.core.api.Assertions.within(1e-9));
  }

  /** Prometheus' histogram_quantile on buckets counted here from raw values: linear within the bucket. */
  private static double promQuantile(double q, double[] bounds, List<Double> values) {
    double rank = q * values.size();
    double prevBound = 0;
    long prevCount = 0;
    for (double b : bounds) {
      long count = values.stream().filter(v -> v <= b).count();
      if (count >= rank) {
        return count == prevCount ? b : prevBound + (b - prevBound) * (rank - prevCount) / (count - prevCount);
      }
      prevBound = b;
      prevCount = count;
    }
    return bounds[bounds.length - 1];
  }

  private static void publish(PqpConfig config, List<TrafficGenerator.Out> outs) {
    try (TrafficPublisher pub = new TrafficPublisher(kafka.bootstrapServers(), config.topics().predictions(),
        config.topics().groundTruth())) {
      pub.send(outs);
      pub.flush();
      assertThat(pub.failed()).isZero();
    }
  }

  /** Realized and estimated performance, and coverage, of both versions on /metrics. */
  private static void assertPerformanceOnMetrics(int port) throws Exception {
    List<String> names = List.of("ml_model_accuracy", "ml_model_roc_auc", "ml_ground_truth_coverage_ratio",
        "ml_model_estimated_accuracy");
    Exposition m = scrapeUntil(port, x -> names.stream().allMatch(n -> x.all(n, "horizon", "window").size() == 2),
        Duration.ofSeconds(30));
    for (String version : List.of("v1", "v2")) {
      for (String name : names) {
        assertThat(m.value(name, "model_name", ClaimsRisk.MODEL, "model_version", version, "horizon", "window"))
            .as("%s of %s", name, version).isBetween(0.0, 1.0);
      }
    }
  }

  /** Score PSI of v1 against the training reference: small before the drift, large after it. */
  private static void assertScoreDriftRisesAfterTheDrift(String modelWindowTopic, long driftAt) {
    Map<Long, Double> psi = new TreeMap<>();
    Map<String, Object> p = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(modelWindowTopic));
      while (System.nanoTime() < deadline && psi.size() < 8) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
          ModelWindow w = decodeWindow(r.value());
          if (w.getModelVersion().equals("v1")) {
            w.getPredictionDrift().stream()
                .filter(d -> d.getBaseline().equals("reference") && d.getTarget().equals("score") && d.getMethod().equals("psi"))
                .forEach(d -> psi.put(w.getWindowStart(), d.getValue()));
          }
        }
      }
    }
    assertThat(psi).hasSize(8);
    psi.forEach((start, value) -> {
      if (start >= driftAt) {
        assertThat(value).as("score PSI after the drift, window %d", start).isGreaterThan(0.2);
      } else {
        assertThat(value).as("score PSI before the drift, window %d", start).isLessThan(0.1);
      }
    });
  }

  private static Exposition scrapeUntil(int port, java.util.function.Predicate<Exposition> done, Duration timeout)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    Exposition last;
    do {
      String text = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      last = Exposition.parse(text);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    return last;
  }

  private static ModelWindow decodeWindow(byte[] bytes) {
    try {
      return ModelWindow.getDecoder().decode(bytes);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
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
