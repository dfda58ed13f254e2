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
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped rules and Alertmanager routing against a real pqp run, with Debian's {@code prometheus} and
 * {@code prometheus-alertmanager} on loopback: demo traffic that drifts from the start (income and
 * claim_amount shift, age goes missing in a quarter of events) makes {@code MLDriftCriticalFeatureDetected}
 * and {@code MLFeatureMissingRatioHigh} fire and reach a webhook through Alertmanager with their severity
 * and team; every recording rule returns data; the latency, error-rate and positive-rate alerts stay
 * silent, and so do pqp's own health alerts (not ready, no window finalized, consumer lag) while their inputs
 * say it is healthy; every rule evaluates without error. The rule files are used as shipped except that every {@code for:} is shortened to 10 s.
 */
class MonitoringStackIntegrationTest {
  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void shouldFireDriftAndMissingAlertsThroughAlertmanagerAndRecordEveryRule() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus")) && Files.isExecutable(Path.of("/usr/bin/prometheus-alertmanager")),
        "Debian's prometheus and prometheus-alertmanager are not installed (.ci/run installs them)");
    List<JsonNode> received = new CopyOnWriteArrayList<>();
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/", ex -> {
      JsonNode body = JSON.readTree(ex.getRequestBody());
      body.path("alerts").forEach(a -> received.add(JSON.createObjectNode().put("path", ex.getRequestURI().getPath())
          .setAll((com.fasterxml.jackson.databind.node.ObjectNode) a.get("labels"))));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    webhook.start();
    List<Process> servers = new ArrayList<>();
    AtomicBoolean publishing = new AtomicBoolean(true);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of())) {
      PqpConfig config = config(kafka.bootstrapServers());
      TopicSetup.ensure(config);
      ClaimsRisk.publishTrainingReference(config, 1, 2, 20_000, "it-training", 0);
      try (PqpRuntime runtime = PqpRuntime.start(config)) {
        Thread traffic = new Thread(() -> publish(config, publishing), "test-traffic");
        traffic.start();
        int amPort = freePort();
        int promPort = freePort();
        servers.add(alertmanager(amPort, webhook.getAddress().getPort()));
        servers.add(prometheus(promPort, runtime.httpPort(), amPort));

        long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
        while (System.nanoTime() < deadline && !(fired(received, "MLDriftCriticalFeatureDetected")
            && fired(received, "MLFeatureMissingRatioHigh"))) {
          Thread.sleep(1_000);
        }
        assertThat(received).as("alerts at the webhook")
            .anySatisfy(a -> {
              assertThat(a.get("alertname").asText()).isEqualTo("MLDriftCriticalFeatureDetected");
              assertThat(a.get("feature_name").asText()).isIn("income", "claim_amount");
              assertThat(a.get("severity").asText()).isEqualTo("ticket");
              assertThat(a.get("team").asText()).isEqualTo("applied-ml");
              assertThat(a.get("path").asText()).isEqualTo("/applied-ml");
            })
            .anySatisfy(a -> {
              assertThat(a.get("alertname").asText()).isEqualTo("MLFeatureMissingRatioHigh");
              assertThat(a.get("feature_name").asText()).isEqualTo("age");
              assertThat(a.get("team").asText()).isEqualTo("data-platform");
              assertThat(a.get("path").asText()).isEqualTo("/data-platform");
            });
        for (String rule : List.of("job:ml_inference_rps:rate5m", "job:ml_inference_error_rate:ratio5m",
            "job:ml_inference_latency_p95_seconds:5m", "job:ml_prediction_score_p50:30m",
            "job:ml_drift_features_triggered:current")) {
          assertThat(query(promPort, rule)).as("recording rule %s returns data", rule).isNotEmpty();
        }
        assertThat(query(promPort, "ALERTS{alertname=~\"MLInferenceHighLatencyP95|MLInferenceHighErrorRate|MLPositiveRateStuck\"}"))
            .as("latency, error-rate and positive-rate alerts").isEmpty();
        assertDashboardPanelsReturnData(promPort);
        assertPqpHealthySilently(promPort);
        assertEveryRuleEvaluates(promPort);
        publishing.set(false);
        traffic.join(10_000);
      }
    } finally {
      publishing.set(false);
      servers.forEach(Process::destroy);
      webhook.stop(0);
    }
  }

  /**
   * Every panel of the shipped Grafana dashboard returns data from this Prometheus, with the template
   * variables at "All". The model-performance row waits for labels (30 s to 5 min late), their windows'
   * min-labels and a calibration thick enough to estimate.
   */
  private static void assertDashboardPanelsReturnData(int promPort) throws Exception {
    JsonNode dashboard = JSON.readTree(ROOT.resolve("docker/grafana/dashboards/pqp.json").toFile());
    String row = "";
    int checked = 0;
    long labelsDeadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
    for (JsonNode panel : dashboard.get("panels")) {
      if (panel.get("type").asText().equals("row")) {
        row = panel.get("title").asText();
        continue;
      }
      for (JsonNode target : panel.get("targets")) {
        String expr = target.get("expr").asText().replace("$model", ".*").replace("$version", ".*");
        List<JsonNode> result = query(promPort, expr);
        while (result.isEmpty() && (row.equals("Model performance") || row.startsWith("Model comparison"))
            && System.nanoTime() < labelsDeadline) {
          Thread.sleep(2_000);
          result = query(promPort, expr);
        }
        assertThat(result).as("panel '%s': %s", panel.get("title").asText(), expr).isNotEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(20);
  }

  /**
   * pqp's own health on healthy traffic: the instance ready, a window of the model finalized within 30 s, and
   * less lag than {@code PqpConsumerLagHigh}'s 5 minutes of reading; the three alerts on them neither pending nor
   * firing. Checked last, when the Kafka client binders have long added the partitions' lag (they refresh every
   * minute).
   */
  private static void assertPqpHealthySilently(int promPort) throws Exception {
    assertThat(query(promPort, "pqp_ready == 1")).as("pqp_ready").hasSize(1);
    assertThat(query(promPort, "time() - pqp_last_window_finalized_timestamp_seconds{model_name=\"claims-risk\"} < 30"))
        .as("seconds since the last finalized window of claims-risk").hasSize(1);
    String consumers = "{job=\"pqp\",client_id!~\".*-restore-consumer\"}";
    String lagSeconds = "max by (instance) (sum by (instance, topic) (kafka_consumer_fetch_manager_records_lag" + consumers
        + ") / clamp_min(sum by (instance, topic) (rate(kafka_consumer_fetch_manager_records_consumed_total" + consumers
        + "[5m])), 1))";
    assertThat(query(promPort, lagSeconds + " < 300")).as("seconds of reading behind in the worst topic").hasSize(1);
    assertThat(query(promPort, "ALERTS{alertname=~\"PqpNotReady|PqpNoWindowFinalized|PqpConsumerLagHigh\"}"))
        .as("pqp's health alerts").isEmpty();
  }

  /** Every shipped rule evaluates without error on pqp's real series (a vector-matching error shows only here). */
  private static void assertEveryRuleEvaluates(int promPort) throws Exception {
    JsonNode r = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + promPort + "/api/v1/rules"))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    List<JsonNode> rules = new ArrayList<>();
    r.at("/data/groups").forEach(g -> g.get("rules").forEach(rules::add));
    assertThat(rules).hasSizeGreaterThanOrEqualTo(25).allSatisfy(rule ->
        assertThat(rule.path("health").asText()).as("%s: %s", rule.path("name").asText(), rule.path("lastError").asText())
            .isEqualTo("ok"));
  }

  private static boolean fired(List<JsonNode> received, String alert) {
    return received.stream().anyMatch(a -> a.get("alertname").asText().equals(alert));
  }

  private PqpConfig config(String bootstrap) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", bootstrap);
    s.put("application.id", "monitoring-it");
    s.put("state.dir", dir.resolve("state").toString());
    s.put("http.port", "0");
    s.put("window.size", "5s");
    s.put("window.grace", "1s");
    s.put("window.idle-flush", "5s");
    s.put("kafka.consumer.session.timeout.ms", "6000");
    s.put("ground-truth.enabled", "true");
    s.put("performance.emit-interval", "2s");
    s.put("compare.versions", ClaimsRisk.MODEL + ":v2=v1");
    return ConfigLoader.load(null, Map.of(), s);
  }


  /** Demo traffic in real time, about 400 events/s, drifted from the start, until told to stop. */
  private static void publish(PqpConfig config, AtomicBoolean running) {
    TrafficGenerator gen = new TrafficGenerator(3, 0, 0.0, EventEncoder.json(), config.topics().predictions(),
        config.topics().groundTruth());
    try (TrafficPublisher pub = new TrafficPublisher(config.bootstrapServers(), config.topics().predictions(),
        config.topics().groundTruth())) {
      while (running.get()) {
        for (int i = 0; i < 20; i++) {
          pub.send(gen.next(System.currentTimeMillis()));
        }
        Thread.sleep(50);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process prometheus(int port, int pqpPort, int amPort) throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    try (var files = Files.list(ROOT.resolve("docker/prometheus/rules"))) {
      for (Path f : files.toList()) {
        String text = Files.readString(f).replaceAll("(?m)^(\\s*)for: \\S+", "$1for: 10s");
        Files.writeString(rules.resolve(f.getFileName()), text);
      }
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global: {scrape_interval: 1s, evaluation_interval: 1s}",
        "rule_files: ['" + rules + "/*.yml']",
        "scrape_configs:",
        "  - job_name: pqp",
        "    static_configs: [{targets: ['127.0.0.1:" + pqpPort + "']}]",
        "alerting:",
        "  alertmanagers: [{static_configs: [{targets: ['127.0.0.1:" + amPort + "']}]}]", ""));
    return start(dir.resolve("prometheus.log"), "/usr/bin/prometheus", "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port);
  }

  private Process alertmanager(int port, int webhookPort) throws IOException {
    String shipped = Files.readString(ROOT.resolve("docker/alertmanager/alertmanager.yml"))
        .replace("http://127.0.0.1:9095/", "http://127.0.0.1:" + webhookPort + "/")
        .replace("group_wait: 30s", "group_wait: 1s").replace("group_interval: 5m", "group_interval: 1s");
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, shipped);
    return start(dir.resolve("alertmanager.log"), "/usr/bin/prometheus-alertmanager", "--config.file=" + config,
        "--storage.path=" + dir.resolve("am"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=");
  }

  private static Process start(Path log, String... command) throws IOException {
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static List<JsonNode> query(int promPort, String promql) throws Exception {
    String url = "http://127.0.0.1:" + promPort + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    JsonNode r = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    List<JsonNode> out = new ArrayList<>();
    r.at("/data/result").forEach(out::add);
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
