package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.cli.Main;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.testing.TestCertificates;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Kafka security end to end, against one in-process broker with two secure client listeners: SASL_SSL with
 * SCRAM-SHA-512, and SSL that requires a client certificate (mutual TLS). Over each, {@code baseline --publish}
 * creates the topics and writes a reference, {@code produce-sample} writes predictions, {@code pqp run} (the
 * jar, in a JVM of its own) processes them, and {@code tail} reads the model-window records it derived, whose
 * event counts add up to the predictions sent. The security settings reach every client as {@code --kafka}
 * flags (SCRAM), or as a settings file and {@code PQP_KAFKA_*} variables (mutual TLS). A wrong password or a
 * missing client certificate stops each command with one line naming the settings, no stack trace, no secret.
 */
class KafkaSecurityIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STORE_PASSWORD = "store-pw-4e1c07";
  private static final String USER = "pqp-app";
  private static final String SCRAM_PASSWORD = "scram-pw-93bd51";
  private static final String SCRAM_LISTENER = "SASL_SSL";
  private static final String MTLS_LISTENER = "MTLS";
  private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";
  private static final int PREDICTIONS = 300;

  @TempDir static Path dir;
  private static TestCertificates certs;
  private static EmbeddedKafka kafka;

  /** How a command gets the security settings: command-line arguments, or environment variables of its JVM. */
  private record Access(List<String> args, Map<String, String> env) {}

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void startBroker() throws Exception {
    long t0 = System.nanoTime();
    certs = TestCertificates.create(Files.createDirectories(dir.resolve("tls")), STORE_PASSWORD);
    long t1 = System.nanoTime();
    Map<String, String> tls = new HashMap<>(Map.of("ssl.keystore.type", "PKCS12",
        "ssl.keystore.location", certs.brokerKeystore().toString(), "ssl.keystore.password", STORE_PASSWORD,
        "ssl.key.password", STORE_PASSWORD, "ssl.truststore.type", "PKCS12",
        "ssl.truststore.location", certs.truststore().toString(), "ssl.truststore.password", STORE_PASSWORD));
    Map<String, String> scram = new HashMap<>(tls);
    scram.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
    scram.put("scram-sha-512.sasl.jaas.config", SCRAM_MODULE + " required;");
    Map<String, String> mtls = new HashMap<>(tls);
    mtls.put("ssl.client.auth", "required");
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of(), List.of(
        new EmbeddedKafka.Listener(SCRAM_LISTENER, "SASL_SSL", scram), new EmbeddedKafka.Listener(MTLS_LISTENER, "SSL", mtls)),
        Map.of(USER, SCRAM_PASSWORD));
    System.out.printf(Locale.ROOT, "[security] certificates %.1f s, broker %.1f s%n", (t1 - t0) / 1e9,
        (System.nanoTime() - t1) / 1e9);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void shouldPublishProduceProcessAndTailOverSaslSslWithScram() throws Exception {
    Access flags = new Access(kafkaFlags(scramClient(SCRAM_PASSWORD)), Map.of());
    endToEnd("scram", kafka.bootstrapServers(SCRAM_LISTENER), flags, flags);
  }

  @Test
  void shouldPublishProduceProcessAndTailOverMutualTls() throws Exception {
    Path file = dir.resolve("mtls.properties");
    StringBuilder properties = new StringBuilder();
    Map<String, String> env = new HashMap<>();
    mtlsClient().forEach((k, v) -> {
      properties.append("kafka.").append(k).append('=').append(v).append('\n');
      env.put("PQP_KAFKA_" + k.toUpperCase(Locale.ROOT).replace('.', '_'), v);
    });
    Files.writeString(file, properties);
    // the commands run here read a settings file; pqp run reads PQP_KAFKA_* variables
    endToEnd("mtls", kafka.bootstrapServers(MTLS_LISTENER), new Access(List.of("--config", file.toString()), Map.of()),
        new Access(List.of(), env));
  }

  @Test
  void shouldStopEveryCommandWithOneLineNamingTheSettingWhenTheScramPasswordIsWrong() throws Exception {
    String servers = kafka.bootstrapServers(SCRAM_LISTENER);
    String wrong = "wrong-pw-77aa02";
    List<String> flags = kafkaFlags(scramClient(wrong));
    String expected = "pqp: cannot authenticate to Kafka at " + servers + " (settings kafka.sasl.jaas.config, "
        + "kafka.sasl.mechanism): Authentication failed during authentication due to invalid credentials with SASL "
        + "mechanism SCRAM-SHA-512";

    long t0 = System.nanoTime();
    Path log = dir.resolve("wrong-password-run.log");
    Process run = startRun("wrong", servers, new Access(flags, Map.of()), log, "--set", "startup.timeout=10s");
    assertThat(run.waitFor(40, TimeUnit.SECONDS)).as("pqp run stopped").isTrue();
    double seconds = (System.nanoTime() - t0) / 1e9;
    String output = Files.readString(log);
    System.out.printf(Locale.ROOT, "[security] pqp run with a wrong password: exit %d after %.1f s%n%s",
        run.exitValue(), seconds, output);
    assertThat(run.exitValue()).as(output).isEqualTo(2);
    assertThat(output.lines().filter(l -> l.startsWith("pqp: ")).toList()).containsExactly(expected);
    assertThat(output).doesNotContain(wrong, "\tat ", "Exception in thread");
    assertThat(seconds).as("within the start-up timeout, plus the JVM's start").isLessThan(20);

    List<List<String>> commands = List.of(List.of("tail", "--topic", "anything", "--from-beginning", "--timeout", "1s"),
        List.of("produce-sample", "--count", "10", "--predictions-topic", "wrong.p", "--ground-truth-topic", "wrong.g"),
        List.of("baseline", "--model", "m", "--input", trainingCsv().toString(), "--publish"));
    for (List<String> command : commands) {
      long t1 = System.nanoTime();
      Run r = run(command, servers, flags);
      System.out.printf(Locale.ROOT, "[security] %s with a wrong password: exit %d after %.1f s%n", command.get(0),
          r.exit(), (System.nanoTime() - t1) / 1e9);
      assertThat(r.exit()).as("%s: %s", command.get(0), r.err()).isEqualTo(2);
      assertThat(r.err().strip()).as(command.get(0)).isEqualTo(expected);
      assertThat(r.out() + r.err()).doesNotContain(wrong);
    }
  }

  @Test
  void shouldNameTheKeystoreSettingWhenTheBrokerAsksForAClientCertificateThatIsNotThere() {
    Map<String, String> noCertificate = new HashMap<>(mtlsClient());
    noCertificate.keySet().removeIf(k -> k.startsWith("ssl.keystore") || k.equals("ssl.key.password"));
    String servers = kafka.bootstrapServers(MTLS_LISTENER);

    Run r = run(List.of("tail", "--topic", "anything", "--timeout", "1s"), servers, kafkaFlags(noCertificate));
    System.out.printf(Locale.ROOT, "[security] tail without a client certificate: exit %d, %s", r.exit(), r.err());

    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("pqp: cannot authenticate to Kafka at " + servers
        + " (settings kafka.ssl.keystore.location, kafka.ssl.truststore.location): ").hasLineCount(1)
        .doesNotContain(STORE_PASSWORD);
  }

  /** The four commands over one listener, each on topics of its own ({@code prefix.*}). */
  private void endToEnd(String prefix, String servers, Access commands, Access runAccess) throws Exception {
    long t0 = System.nanoTime();
    List<String> topics = topicSettings(prefix);
    List<String> access = concat(commands.args(), topics);
    Run baseline = run(List.of("baseline", "--model", "claims-risk", "--input", trainingCsv().toString(), "--publish"),
        servers, access);
    assertThat(baseline.exit()).as(baseline.err()).isZero();
    assertThat(baseline.out()).containsPattern("published claims-risk/\\* to " + prefix + "\\.reference partition 0 offset \\d+");

    Run produce = run(List.of("produce-sample", "--count", Integer.toString(PREDICTIONS), "--bad-rate", "0",
        "--predictions-topic", prefix + ".predictions", "--ground-truth-topic", prefix + ".ground-truth"), servers, access);
    assertThat(produce.exit()).as(produce.err()).isZero();
    assertThat(produce.out()).contains("(" + PREDICTIONS + " predictions incl. 0 bad,");
    long t1 = System.nanoTime();

    Path log = dir.resolve(prefix + "-run.log");
    Process pqp = startRun(prefix, servers, new Access(concat(runAccess.args(), topics), runAccess.env()), log);
    try {
      long counted = awaitWindows(prefix, servers, access, Duration.ofSeconds(60));
      System.out.printf(Locale.ROOT, "[security] %s: baseline and produce-sample %.1f s, run until windows %.1f s%n",
          prefix, (t1 - t0) / 1e9, (System.nanoTime() - t1) / 1e9);
      assertThat(counted).as("events in the model-window records; pqp run's log:%n%s", Files.readString(log))
          .isEqualTo(PREDICTIONS);
    } finally {
      pqp.destroy(); // SIGTERM: a clean close
      assertThat(pqp.waitFor(40, TimeUnit.SECONDS)).isTrue();
    }
    String output = Files.readString(log);
    assertThat(pqp.exitValue()).as(output).isZero();
    assertThat(output).contains("pqp running").doesNotContain(SCRAM_PASSWORD, STORE_PASSWORD);
  }

  /** Tails the model-window topic until its records count every prediction, or the timeout passes. */
  private long awaitWindows(String prefix, String servers, List<String> access, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    long counted = 0;
    while (counted < PREDICTIONS && System.nanoTime() < deadline) {
      Run tail = run(List.of("tail", "--topic", prefix + ".model-window", "--from-beginning", "--timeout", "1s"),
          servers, access);
      assertThat(tail.exit()).as(tail.err()).isZero();
      counted = 0;
      for (String line : tail.out().lines().toList()) {
        JsonNode value = JSON.readTree(line).get("value");
        assertThat(value.get("model_name").asText()).isEqualTo("claims-risk");
        counted += value.get("event_count").asLong();
      }
    }
    return counted;
  }

  /** {@code pqp run} in a JVM of its own; the client compiler alone starts it sooner on a busy 2-core machine. */
  private Process startRun(String id, String servers, Access access, Path log, String... more) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", System.getProperty("pqp.jar", "target/pqp.jar"), "run", "-b", servers,
        "--application-id", id, "--state-dir", dir.resolve("state-" + id).toString(), "--http-port", "0",
        "--set", "http.host=127.0.0.1", "--window", "2s", "--grace", "1s", "--set", "window.idle-flush=2s"));
    command.addAll(access.args());
    command.addAll(List.of(more));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(access.env());
    return pb.start();
  }

  /** Runs a pqp command in this JVM, as {@code pqp COMMAND -b SERVERS ACCESS...}. */
  private static Run run(List<String> command, String servers, List<String> access) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(concat(concat(command, List.of("-b", servers)), access).toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  private static Map<String, String> scramClient(String password) {
    Map<String, String> s = truststore();
    s.put("security.protocol", "SASL_SSL");
    s.put("sasl.mechanism", "SCRAM-SHA-512");
    s.put("sasl.jaas.config", SCRAM_MODULE + " required username=\"" + USER + "\" password=\"" + password + "\";");
    return s;
  }

  private static Map<String, String> mtlsClient() {
    Map<String, String> s = truststore();
    s.put("security.protocol", "SSL");
    s.put("ssl.keystore.type", "PKCS12");
    s.put("ssl.keystore.location", certs.clientKeystore().toString());
    s.put("ssl.keystore.password", STORE_PASSWORD);
    s.put("ssl.key.password", STORE_PASSWORD);
    return s;
  }

  private static Map<String, String> truststore() {
    return new HashMap<>(Map.of("ssl.truststore.type", "PKCS12", "ssl.truststore.location", certs.truststore().toString(),
        "ssl.truststore.password", STORE_PASSWORD));
  }

  private static List<String> kafkaFlags(Map<String, String> settings) {
    List<String> args = new ArrayList<>();
    settings.forEach((k, v) -> args.addAll(List.of("--kafka", k + "=" + v)));
    return args;
  }

  private static List<String> topicSettings(String prefix) {
    List<String> args = new ArrayList<>();
    for (String t : List.of("predictions", "features", "ground-truth", "dead-letter", "reference", "feature-drift",
        "model-window", "performance", "profiles")) {
      args.addAll(List.of("--set", "topics." + t + "=" + prefix + "." + t));
    }
    return args;
  }

  /** A small training file of the claims-risk model's numeric features. */
  private static Path trainingCsv() throws Exception {
    Path csv = dir.resolve("training.csv");
    if (!Files.exists(csv)) {
      StringBuilder s = new StringBuilder("income,age,claim_amount\n");
      for (int i = 0; i < 200; i++) {
        s.append(30_000 + i * 250).append(',').append(20 + i % 50).append(',').append(100 + i * 7).append('\n');
      }
      Files.writeString(csv, s, StandardCharsets.UTF_8);
    }
    return csv;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
