package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.embedded.EmbeddedKafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash: two {@code pqp run} processes with pqp's defaults for the consumer group (no session timeout set here),
 * each with its pod name as {@code group.instance.id} as the StatefulSet gives it, traffic of six model versions
 * flowing, in 30 s windows. The owner of some of them is killed with SIGKILL right after the first window closed: the
 * survivor must export every version within 15 s of the kill, long before the next window closes. Then the killed one is restarted on its state directory, as its
 * pod is: it must be ready ({@code /ready}, Kafka Streams RUNNING) within 15 s of its restart.
 */
class FailoverIntegrationTest {
  private static final List<String> VERSIONS = List.of("v1", "v2", "v3", "v4", "v5", "v6");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @TempDir Path dir;

  @Test
  void shouldExportEveryVersionAgainAndRunTheRestartedInstanceWithinFifteenSecondsOfAKill() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of())) {
      int[] ports = {freePort(), freePort()};
      List<Process> processes = new ArrayList<>();
      AtomicBoolean sending = new AtomicBoolean(true);
      Thread traffic = new Thread(() -> send(kafka.bootstrapServers(), sending), "test-traffic");
      try {
        processes.add(start(kafka, 0, ports[0]));
        processes.add(start(kafka, 1, ports[1]));
        assertThat(await(() -> ready(ports[0]) && ready(ports[1]), Duration.ofSeconds(90))).as("both ready; logs:%n%s",
            logs()).isTrue();
        traffic.start(); // into the topics pqp created, 4 partitions
        assertThat(await(() -> VERSIONS.stream().allMatch(v -> owners(ports, v) == 1), Duration.ofSeconds(120)))
            .as("every version exported by exactly one instance").isTrue();
        int victim = VERSIONS.stream().anyMatch(v -> exports(ports[1], v)) ? 1 : 0;
        List<String> owned = VERSIONS.stream().filter(v -> exports(ports[victim], v)).toList();

        // the owner's transaction that finalized the first window commits within the commit interval (1 s): killed
        // before that, the survivor would restore the window open and finalize it itself
        TimeUnit.SECONDS.sleep(2);
        long killedAt = System.nanoTime();
        processes.get(victim).destroyForcibly().waitFor(); // SIGKILL, as a lost node
        boolean exported = await(() -> VERSIONS.stream().allMatch(v -> exports(ports[1 - victim], v)),
            Duration.ofSeconds(90));
        double exportedAfter = (System.nanoTime() - killedAt) / 1e9;

        long restartedAt = System.nanoTime(); // the pod comes back on its state directory
        processes.set(victim, start(kafka, victim, ports[victim]));
        boolean ready = await(() -> ready(ports[victim]), Duration.ofSeconds(90));
        double readyAfter = (System.nanoTime() - restartedAt) / 1e9;
        System.out.printf(Locale.ROOT, "[failover] killed the owner of %s: every version exported by the survivor %.1f s "
            + "after the kill; the killed instance, restarted, ready %.1f s after its restart%n", owned, exportedAfter,
            readyAfter);
        assertThat(exported).as("every version exported by the survivor; logs:%n%s", logs()).isTrue();
        assertThat(ready).as("the restarted instance ready; logs:%n%s", logs()).isTrue();
        // 30 s windows: the kill comes right after the first one closed, so the survivor's export within 15 s is
        // the moved versions' latest window shown from the restored stores, not their next window
        assertThat(exportedAfter).as("seconds from the kill to every version exported").isLessThan(15.0);
        assertThat(readyAfter).as("seconds from the restart to ready").isLessThan(15.0);
      } finally {
        sending.set(false);
        traffic.join(5_000);
        processes.forEach(Process::destroyForcibly);
      }
    }
  }

  /** {@code pqp run} number {@code i} with its own state directory and HTTP port, pqp's group settings. */
  private Process start(EmbeddedKafka kafka, int i, int port) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = dir.resolve("failover-" + i + "-" + System.nanoTime() + ".log");
    return new ProcessBuilder(java, "-Xmx256m", "-jar", System.getProperty("pqp.jar", "target/pqp.jar"), "run",
        "--bootstrap-servers", kafka.bootstrapServers(), "--application-id", "failover", "--state-dir",
        dir.resolve("state-" + i).toString(), "--http-port", Integer.toString(port), "--set", "http.host=127.0.0.1",
        "--window", "30s", "--grace", "1s", "--set", "stream.threads=1", "--set", "topics.partitions=4",
        // the pod's name, as the StatefulSet gives it (k8s/base/statefulset.yaml): static membership
        "--kafka", "group.instance.id=pqp-" + i)
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private String logs() throws java.io.IOException {
    StringBuilder out = new StringBuilder();
    try (var files = java.nio.file.Files.list(dir)) {
      for (Path log : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
        List<String> lines = java.nio.file.Files.readAllLines(log);
        out.append(log.getFileName()).append(":\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
      }
    }
    return out.toString();
  }

  private static int owners(int[] ports, String version) {
    int n = 0;
    for (int port : ports) {
      n += exports(port, version) ? 1 : 0;
    }
    return n;
  }

  /** Whether the instance on {@code port} is ready and exports the gauges of {@code version}. */
  private static boolean exports(int port, String version) {
    String metrics = get(port, "/metrics");
    return ready(port) && metrics != null && metrics.contains("ml_model_info{") && metrics.lines()
        .anyMatch(l -> l.startsWith("ml_model_info{") && l.contains("model_version=\"" + version + "\""));
  }

  private static boolean ready(int port) {
    return get(port, "/ready") != null;
  }

  /** The body of a 200 answer, or null. */
  private static String get(int port, String path) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return r.statusCode() == 200 ? r.body() : null;
    } catch (Exception e) {
      return null;
    }
  }

  private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return condition.getAsBoolean();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Predictions of the six versions, stamped now, on random partitions of ml.predictions, until stopped. */
  private static void send(String bootstrap, AtomicBoolean sending) {
    Random r = new Random(5);
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
      for (int id = 0; sending.get(); id++) {
        long ts = System.currentTimeMillis();
        String v = VERSIONS.get(id % VERSIONS.size());
        String event = String.format(Locale.ROOT, "{\"prediction_id\": \"f%d\", \"model_name\": \"failover-%s\", "
            + "\"model_version\": \"%s\", \"timestamp\": %d, \"features\": {\"x\": %.4f}, \"prediction\": {\"score\": "
            + "%.4f}}", id, v, v, ts, r.nextGaussian(), r.nextDouble());
        producer.send(new ProducerRecord<>("ml.predictions", r.nextInt(4), ts, "f" + id, event));
        if (id % 6 == 5) {
          Thread.sleep(20);
        }
      }
    } catch (Exception e) {
      System.out.println("[failover] the test's producer stopped: " + e);
    }
  }
}
