package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping an instance hands its work over at once: it leaves the consumer group on close, so the
 * survivors take its partitions without waiting for the session timeout (45 s by default, left as is
 * here), and {@code pqp run} exits 0 on SIGTERM after a clean close.
 */
class ScaleInIntegrationTest {
  private static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4", "v5", "v6");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of());
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  private static PqpConfig config(String app, String instance) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", kafka.bootstrapServers());
    s.put("application.id", app);
    s.put("state.dir", dir.resolve("state-" + instance).toString());
    s.put("http.port", "0");
    s.put("window.size", "2s");
    s.put("window.grace", "1s");
    s.put("window.idle-flush", "3s");
    s.put("topics.feature-drift", app + ".feature-drift");
    s.put("topics.model-window", app + ".model-window");
    return ConfigLoader.load(null, Map.of(), s);
  }

  @Test
  void shouldExportEveryVersionFromTheSurvivorWithinTenSecondsOfStoppingTwoOfThree() throws Exception {
    List<PqpRuntime> three = new ArrayList<>();
    AtomicBoolean sending = new AtomicBoolean(true);
    Thread traffic = new Thread(() -> send(config("scale-in", "t").topics().predictions(), sending), "test-traffic");
    try {
      for (int i = 0; i < 3; i++) {
        three.add(PqpRuntime.start(config("scale-in", "s" + i)));
      }
      traffic.start();
      await(() -> VERSIONS.stream().allMatch(v -> three.stream().anyMatch(r -> exports(r, v))), Duration.ofSeconds(90));
      for (PqpRuntime r : three) {
        System.out.printf(Locale.ROOT, "[scale-in] before the stop: %s exports %s (%s, %.0f records read)%n", r.httpPort(),
            VERSIONS.stream().filter(v -> exports(r, v)).toList(), r.streams().state(),
            r.registry().find("pqp.records").counters().stream().mapToDouble(c -> c.count()).sum());
      }
      PqpRuntime survivor = three.get(0);
      assertThat(VERSIONS.stream().filter(v -> !exports(survivor, v)).count())
          .as("versions the survivor does not own before the stop").isPositive();

      long stoppedAt = System.nanoTime();
      three.get(1).close();
      three.get(2).close();
      await(() -> VERSIONS.stream().allMatch(v -> exports(survivor, v)), Duration.ofSeconds(40));
      double seconds = (System.nanoTime() - stoppedAt) / 1e9;
      System.out.printf(Locale.ROOT, "[scale-in] every version exported by the survivor %.1f s after the stop%n", seconds);
      assertThat(VERSIONS).allSatisfy(v -> assertThat(exports(survivor, v)).as("survivor exports %s", v).isTrue());
      assertThat(seconds).isLessThan(10.0);
    } finally {
      sending.set(false);
      traffic.join(5_000);
      three.forEach(PqpRuntime::close);
    }
  }

  @Test
  void shouldExitZeroOnSigtermAfterACleanClose() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("sigterm.log");
    Process p = new ProcessBuilder(java, "-Xmx256m", "-jar", System.getProperty("pqp.jar", "target/pqp.jar"), "run",
        "--bootstrap-servers", kafka.bootstrapServers(), "--application-id", "sigterm", "--state-dir",
        dir.resolve("state-sigterm").toString(), "--http-port", Integer.toString(port))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      await(() -> ready(http, port), Duration.ofSeconds(60));
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("stopped within 40 s").isTrue();
      System.out.printf(Locale.ROOT, "[scale-in] pqp run stopped %.1f s after SIGTERM, status %d%n",
          (System.nanoTime() - t0) / 1e9, p.exitValue());
      assertThat(p.exitValue()).as("exit status after SIGTERM; log:%n%s", Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("pqp stopped");
    } finally {
      p.destroyForcibly();
    }
  }

  private static boolean ready(HttpClient http, int port) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether this instance exports the gauges of a version (it owns the model and finalized a window of it). */
  private static boolean exports(PqpRuntime r, String version) {
    return r.streams().state() == KafkaStreams.State.RUNNING
        && !r.registry().find("ml.model.info").tag("model_version", version).gauges().isEmpty();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(Condition c, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && !c.holds()) {
      Thread.sleep(200);
    }
  }

  /** One model per version, so that stage 2 (keyed by model) spreads them over the instances. */
  private static void send(String topic, AtomicBoolean running) {
    Random r = new Random(3);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 5),
        new StringSerializer(), new ByteArraySerializer())) {
      int id = 0;
      while (running.get()) {
        for (String v : VERSIONS) {
          Map<String, Object> e = Map.of("prediction_id", "s" + id++, "model_name", "scale-" + v, "model_version", v,
              "timestamp", System.currentTimeMillis(), "features", Map.of("x", r.nextGaussian()),
              "prediction", Map.of("score", r.nextDouble()));
          producer.send(new ProducerRecord<>(topic, "s" + id, JSON.writeValueAsBytes(e)));
        }
        Thread.sleep(20);
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
