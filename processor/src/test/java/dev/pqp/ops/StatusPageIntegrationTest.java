package dev.pqp.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page of two instances of one application on a real broker, loaded in headless Chromium (Debian's
 * {@code chromium}; the test is skipped without it): the demo's traffic with a training reference, drifting
 * from the fifth of eight 10 s windows, and a model whose names are markup. Each instance's page shows both
 * versions of claims-risk, although one instance finalizes all of claims-risk's windows (stage 2 is keyed by
 * model) and the other has to ask it; income and claim_amount are highlighted as drifted in the latest window,
 * the stable features are not, the heatmap has its cells, and the markup in names stays text. The screenshot
 * of the first instance's page is kept as {@code target/status-page.png}, each page's DOM as
 * {@code target/status-page-1.html} and {@code -2.html}.
 */
class StatusPageIntegrationTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCREENSHOT = Path.of("target", "status-page.png");
  private static final long WINDOW = 10_000;
  private static final long SEED = 5;
  /** A model and a feature whose names would run script if the page put them into markup unescaped. */
  private static final String HOSTILE_MODEL = "<img src=x onerror=document.body.dataset.pwned=1>";
  private static final String HOSTILE_FEATURE = "\"><img src=y onerror=document.body.dataset.pwned=2>";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;

  @Test
  void shouldShowBothVersionsWithTheDriftedFeaturesHighlightedOnThePageOfEachOfTwoInstances() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM),
        "Debian's chromium is not installed at /usr/bin/chromium (.ci/run installs it): the status page is not loaded");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of("log.retention.ms", "-1"))) {
      String app = "status-page-" + UUID.randomUUID();
      PqpConfig one = config(kafka.bootstrapServers(), app, "one");
      PqpConfig two = config(kafka.bootstrapServers(), app, "two");
      TopicSetup.ensure(one);
      ClaimsRisk.publishTrainingReference(one, SEED + 1000, SEED + 2000, 20_000, "it-training", 0);
      try (PqpRuntime a = PqpRuntime.start(one); PqpRuntime b = PqpRuntime.start(two)) {
        awaitBothRunning(a, b);
        long start = (System.currentTimeMillis() - 600_000) / WINDOW * WINDOW; // 10 min ago, window-aligned
        publishTraffic(one, start, start + 4 * WINDOW, start + 8 * WINDOW);

        JsonNode models = awaitModels(a.httpPort(), m -> latestWindows(m, 6) && driftedNow(m, "v1") && driftedNow(m, "v2")
            && version(m, HOSTILE_MODEL, "v1") != null && compared(m) && recommended(m) && clicked(m),
            Duration.ofSeconds(60));
        assertThat(models.get("instances")).as("both instances answered").hasSize(2)
            .allSatisfy(i -> assertThat(i.get("ok").asBoolean()).isTrue());
        assertThat(List.of(finalizesClaimsRisk(a), finalizesClaimsRisk(b)))
            .as("one instance finalizes claims-risk, the other asks it").containsExactlyInAnyOrder(true, false);

        int n = 0;
        for (PqpRuntime runtime : List.of(a, b)) {
          String dom = chromium(runtime.httpPort(), "--dump-dom");
          Files.writeString(Path.of("target", "status-page-" + ++n + ".html"), dom); // to read when it fails
          assertPage(dom, runtime.httpPort());
        }
        Files.deleteIfExists(SCREENSHOT);
        chromium(a.httpPort(), "--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1400,2000",
            "--hide-scrollbars");
        assertThat(SCREENSHOT).as("the screenshot artifact").isNotEmptyFile();
      }
    }
  }

  /** The page's DOM after its scripts ran: both versions, the drifted features highlighted, cells, no markup from data. */
  private static void assertPage(String dom, int port) {
    for (String version : List.of("v1", "v2")) {
      String article = article(dom, ClaimsRisk.MODEL, version);
      assertThat(article).as("claims-risk %s on the page of :%d", version, port).isNotNull();
      for (String drifted : List.of("income", "claim_amount")) {
        assertThat(article).as("%s of %s highlighted on :%d", drifted, version, port)
            .contains("<tr class=\"feature drifted\" data-feature=\"" + drifted + "\">")
            .contains("<span class=\"drifted\">" + drifted + "</span>");
        String row = article.substring(article.indexOf("data-feature=\"" + drifted + "\">"));
        assertThat(row.substring(0, row.indexOf("</tr>"))).as("the p-value of %s of %s", drifted, version)
            .contains("<td>&lt;1e-");
      }
      for (String stable : List.of("policy_type", "has_prior_claims", "zipcode")) {
        assertThat(article).as("%s of %s not highlighted on :%d", stable, version, port)
            .contains("<tr class=\"feature\" data-feature=\"" + stable + "\">")
            .doesNotContain("<span class=\"drifted\">" + stable + "</span>");
      }
      assertThat(count(article, "<rect class=\"cell")).as("heatmap cells of %s", version).isGreaterThanOrEqualTo(6 * 6);
      assertThat(article).as("the action badge of %s", version)
          .contains("<span class=\"badge bad action\" data-action=\"retraining_recommended\">retraining recommended</span>");
      assertThat(count(article, "<table class=\"comparison\">")).as("comparison panels of %s", version)
          .isEqualTo(version.equals("v2") ? 1 : 0);
      assertThat(count(article, "<table class=\"outcomes\">")).as("business outcome panels of %s", version).isEqualTo(1);
      assertThat(article).as("the click rate of %s", version).contains("<tr class=\"outcome\" data-outcome=\"click\">");
      assertThat(count(article, "<rect class=\"cell drifted\"")).as("drifted cells of %s", version)
          .isGreaterThanOrEqualTo(2);
    }
    assertThat(dom).as("names with markup stay text").doesNotContain("data-pwned")
        .contains("&lt;img src=x onerror=document.body.dataset.pwned=1&gt;");
  }

  /** The {@code <article>} of one version in the DOM, or null. */
  private static String article(String dom, String model, String version) {
    Matcher m = Pattern.compile("<article class=\"version\" data-model=\"" + Pattern.quote(model) + "\" data-version=\""
        + Pattern.quote(version) + "\">(.*?)</article>", Pattern.DOTALL).matcher(dom);
    return m.find() ? m.group(1) : null;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Headless Chromium on the page of {@code port}, its scripts given 10 s of virtual time; returns its stdout. */
  private String chromium(int port, String... output) throws Exception {
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--virtual-time-budget=10000"));
    command.addAll(List.of(output));
    command.add("http://127.0.0.1:" + port + "/");
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
        .redirectError(Files.createTempFile(dir, "chromium", ".err").toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 60 s: " + command);
    }
    assertThat(p.exitValue()).as("chromium's exit code").isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Whether this instance finalizes claims-risk's windows itself, by its /api/local/models. */
  private static boolean finalizesClaimsRisk(PqpRuntime runtime) throws Exception {
    for (JsonNode v : get(runtime.httpPort(), "/api/local/models").get("versions")) {
      if (v.get("model").asText().equals(ClaimsRisk.MODEL) && !v.get("windows").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static boolean latestWindows(JsonNode models, int atLeast) {
    JsonNode v1 = version(models, ClaimsRisk.MODEL, "v1");
    JsonNode v2 = version(models, ClaimsRisk.MODEL, "v2");
    return v1 != null && v2 != null && v1.get("windows").size() >= atLeast && v2.get("windows").size() >= atLeast;
  }

  private static boolean driftedNow(JsonNode models, String version) {
    JsonNode v = version(models, ClaimsRisk.MODEL, version);
    if (v == null || v.get("windows").isEmpty()) {
      return false;
    }
    JsonNode latest = v.get("windows").get(v.get("windows").size() - 1);
    List<String> drifted = new ArrayList<>();
    latest.get("features").forEach(f -> {
      if (f.get("drifted").asBoolean()) {
        drifted.add(f.get("name").asText());
      }
    });
    return drifted.contains("income") && drifted.contains("claim_amount");
  }

  /** v2 is compared with v1 on accuracy (and on the rates of its business outcomes). */
  private static boolean compared(JsonNode models) {
    JsonNode v = version(models, ClaimsRisk.MODEL, "v2");
    if (v == null) {
      return false;
    }
    for (JsonNode c : (Iterable<JsonNode>) v.path("comparisons")::elements) {
      if (c.get("metric").asText().equals("accuracy")) {
        return true;
      }
    }
    return false;
  }

  /** Both versions show their click rate. */
  private static boolean clicked(JsonNode models) {
    return bothHave(models, "outcomes", o -> o.get("name").asText().equals("click"));
  }

  /** Both versions drifted for three windows: retraining recommended for each. */
  private static boolean recommended(JsonNode models) {
    return bothHave(models, "actions",
        a -> a.get("action").asText().equals("retraining_recommended") && a.get("active").asBoolean());
  }

  /** Whether v1 and v2 of claims-risk each have an item of {@code list} that {@code wanted} accepts. */
  private static boolean bothHave(JsonNode models, String list, Predicate<JsonNode> wanted) {
    for (String version : List.of("v1", "v2")) {
      JsonNode v = version(models, ClaimsRisk.MODEL, version);
      boolean found = false;
      for (JsonNode item : v == null ? List.<JsonNode>of() : (Iterable<JsonNode>) v.path(list)::elements) {
        found |= wanted.test(item);
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode version(JsonNode models, String model, String version) {
    for (JsonNode m : models.get("models")) {
      for (JsonNode v : m.get("versions")) {
        if (m.get("model").asText().equals(model) && v.get("version").asText().equals(version)) {
          return v;
        }
      }
    }
    return null;
  }

  private static JsonNode awaitModels(int port, Predicate<JsonNode> done, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode last = get(port, "/api/models");
    while (!done.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      last = get(port, "/api/models");
    }
    assertThat(done.test(last)).as("/api/models within %s: %s", timeout, last).isTrue();
    return last;
  }

  private static JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s of :%d", path, port).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Both instances RUNNING and each knowing of the other, so the partitions are split before traffic comes. */
  private static void awaitBothRunning(PqpRuntime a, PqpRuntime b) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline && !(running(a) && running(b))) {
      Thread.sleep(200);
    }
    assertThat(running(a) && running(b)).as("both instances RUNNING with two members").isTrue();
  }

  private static boolean running(PqpRuntime r) {
    return r.streams().state() == KafkaStreams.State.RUNNING && r.streams().metadataForAllStreamsClients().size() == 2;
  }

  private PqpConfig config(String bootstrap, String app, String name) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", bootstrap);
    s.put("application.id", app);
    s.put("state.dir", dir.resolve("state-" + name).toString());
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("topics.partitions", "2");
    s.put("window.size", "10s");
    s.put("window.grace", "2s");
    s.put("window.idle-flush", "5s");
    s.put("kafka.consumer.session.timeout.ms", "6000");
    s.put("ground-truth.enabled", "true");
    s.put("performance.emit-interval", "2s");
    s.put("compare.versions", ClaimsRisk.MODEL + ":v2=v1");
    return ConfigLoader.load(null, Map.of(), s);
  }


  /**
   * The demo's traffic from {@code start} to {@code end} (event time) as fast as the broker takes it, drifting
   * from {@code driftAt}, then every label still due; and a prediction a second of the model with markup names.
   */
  private static void publishTraffic(PqpConfig config, long start, long driftAt, long end) throws IOException {
    TrafficGenerator gen = new TrafficGenerator(SEED, driftAt, 0.0, EventEncoder.json(), config.topics().predictions(),
        config.topics().groundTruth());
    SplittableRandom r = new SplittableRandom(SEED);
    try (TrafficPublisher pub = new TrafficPublisher(config.bootstrapServers(), config.topics().predictions(),
        config.topics().groundTruth())) {
      for (long t = start; t < end; t += 5) {
        pub.send(gen.next(t));
        if (t % 50 == 0) {
          pub.send(List.of(hostile(t, r.nextGaussian())));
        }
      }
      pub.send(gen.labelsDue(Long.MAX_VALUE));
      pub.flush();
      assertThat(pub.failed()).isZero();
    }
  }

  private static TrafficGenerator.Out hostile(long t, double x) throws IOException {
    Map<String, Object> e = new LinkedHashMap<>();
    String id = "hostile-" + t;
    e.put("prediction_id", id);
    e.put("model_name", HOSTILE_MODEL);
    e.put("model_version", "v1");
    e.put("timestamp", t);
    e.put("features", Map.of(HOSTILE_FEATURE, x));
    e.put("prediction", Map.of("score", 0.5));
    return new TrafficGenerator.Out(TrafficGenerator.Kind.PREDICTION, id, JSON.writeValueAsBytes(e), t, false);
  }
}
