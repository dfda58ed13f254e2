package dev.pqp.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.app.TopicSetup;
import dev.pqp.cli.Main;
import dev.pqp.config.ConfigKey;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code pqp compare} and {@code pqp profile} end to end: profiles published to the profiles topic of a real
 * in-process broker.
 */
class CompareIntegrationTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long T1 = T0 + 300_000; // 2026-01-01T00:05:00Z
  @TempDir static Path dir;
  private static EmbeddedKafka broker;
  private static WindowComparisonTest.Raw shifted;

  @BeforeAll
  static void publishProfiles() throws Exception {
    broker = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of());
    PqpConfig config = ConfigLoader.load(null, Map.of(), Map.of(ConfigKey.BOOTSTRAP_SERVERS.key(), broker.bootstrapServers()));
    TopicSetup.ensure(config);
    String profiles = config.topics().profiles();
    String reference = config.topics().reference();
    awaitLeaders(profiles, reference);
    WindowComparisonTest.Raw before = WindowComparisonTest.Raw.draw(1, 100);
    shifted = WindowComparisonTest.Raw.draw(2, 115);
    Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1, ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
      p.send(new ProducerRecord<>(profiles, "claims/v1/" + T0, ProfileCodec.encode(before.profile("v1", T0)))).get();
      // an earlier value of the same key, replaced by the finalized one: only the latest counts
      p.send(new ProducerRecord<>(profiles, "claims/v1/" + T1, ProfileCodec.encode(before.profile("v1", T1)))).get();
      p.send(new ProducerRecord<>(profiles, "claims/v1/" + T1, ProfileCodec.encode(shifted.profile("v1", T1)))).get();
      p.send(new ProducerRecord<>(profiles, "claims/v2/" + T1, ProfileCodec.encode(before.profile("v2", T1)))).get();
      ReferenceProfile ref = new ReferenceProfile("train-2026", ReferenceKind.TRAINING, "claims", "*", T0,
          before.profile("v0", T0));
      p.send(new ProducerRecord<>(reference, ref.topicKey(), ReferenceCodec.encode(ref))).get();
    }
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldPrintTheShiftedFeatureAsDriftedAgainstAnEarlierWindow() {
    Run run = run("--model", "claims", "--version", "v1", "--window", "2026-01-01T00:07:30Z", "--against-window", Long.toString(T0));

    assertThat(run.exit).as(run.err).isZero();
    List<String> lines = run.out.lines().toList();
    assertThat(lines.get(0)).startsWith("claims/v1 window 2026-01-01T00:05:00Z .. ").endsWith(", 2000 events)");
    assertThat(lines.get(1)).startsWith("against window claims/v1 window 2026-01-01T00:00:00Z .. 2026-01-01T00:05:00Z");
    assertThat(row(lines, "income")).startsWith("income", "numeric", "2000", "2000", "0.0000", "0.0000", "psi");
    assertThat(row(lines, "income")[9]).isEqualTo("DRIFTED");
    assertThat(row(lines, "age")[9]).isEqualTo("ok");
    assertThat(row(lines, "segment")[9]).isEqualTo("ok");
    assertThat(run.out).contains("prediction drift against window:2026-01-01T00:00:00Z: score psi ")
        .contains("dataset drift: 1 of 3 features drifted, share 0.3333 (threshold 0.5000): ok");
  }

  @Test
  void shouldPrintJsonLinesAgainstAnotherVersionWithTheConfiguredThreshold() throws Exception {
    Run run = run("--model", "claims", "--version", "v1", "--window", Long.toString(T1 + 1), "--against-version", "v2",
        "--set", "drift.threshold=50", "--json");

    assertThat(run.exit).as(run.err).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : run.out.lines().toList()) {
      lines.add(json.readTree(l));
    }
    assertThat(lines).extracting(n -> n.get("record").asText()).containsExactly("comparison", "feature", "feature", "feature",
        "prediction_drift", "prediction_drift", "dataset_drift");
    assertThat(lines.get(0).get("against").get("baseline").asText()).isEqualTo("version:v2");
    JsonNode income = lines.get(2);
    assertThat(income.get("feature").asText()).isEqualTo("income");
    assertThat(income.get("threshold").asDouble()).isEqualTo(50.0);
    assertThat(income.get("score").asDouble()).isGreaterThan(1.0);
    assertThat(income.get("verdict").asText()).isEqualTo("ok");
  }

  @Test
  void shouldCompareWithTheModelsReference() {
    Run run = run("--model", "claims", "--version", "v1", "--window", Long.toString(T1), "--against-reference");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out).contains("against reference claims/* (training, id train-2026, ");
    assertThat(row(run.out.lines().toList(), "income")[9]).isEqualTo("DRIFTED");
  }

  @Test
  void shouldExitWithOneNamingTheMissingWindowAndTheNearestOnes() {
    Run before = run("--model", "claims", "--version", "v1", "--window", "2025-12-31T00:00:00Z", "--against-version", "v2");
    Run noVersion = run("--model", "claims", "--version", "v1", "--window", Long.toString(T0), "--against-version", "v3");
    Run noReference = run("--model", "churn", "--version", "v1", "--window", Long.toString(T0), "--against-reference");

    assertThat(before.exit).isEqualTo(1);
    assertThat(before.err).isEqualTo("pqp compare: no window of claims/v1 starts at or before 2025-12-31T00:00:00Z on "
        + "ml.quality.profiles; 2 windows from 2026-01-01T00:00:00Z to 2026-01-01T00:05:00Z; nearest: "
        + "2026-01-01T00:00:00Z (1767225600000), 2026-01-01T00:05:00Z (1767225900000)\n");
    assertThat(noVersion.exit).isEqualTo(1);
    assertThat(noVersion.err).contains("no window profiles of model claims version v3 on ml.quality.profiles; "
        + "versions of claims there: v1, v2");
    assertThat(noReference.exit).isEqualTo(1);
    assertThat(noReference.err).contains("no window profiles of model churn version v1");
  }

  @Test
  void shouldExitWithOneWhenTheTopicDoesNotExist() {
    Run run = run("--model", "claims", "--version", "v1", "--window", Long.toString(T0), "--against-version", "v2",
        "--set", "topics.profiles=no.such.topic", "--timeout", "10s");

    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).isEqualTo("pqp compare: topic 'no.such.topic' does not exist at " + broker.bootstrapServers() + "\n");
  }

  @Test
  void shouldRejectBadFlagsNamingThem() {
    Run none = run("--model", "claims", "--version", "v1", "--window", Long.toString(T0));
    Run two = run("--model", "claims", "--version", "v1", "--window", Long.toString(T0), "--against-version", "v2",
        "--against-reference");
    Run badTime = run("--model", "claims", "--version", "v1", "--window", "noon", "--against-reference");

    assertThat(none.exit).isEqualTo(2);
    assertThat(none.err).contains("Missing required argument", "--against-version", "--against-window", "--against-reference");
    assertThat(two.exit).isEqualTo(2);
    assertThat(two.err).contains("--against-version=V2, --against-reference are mutually exclusive");
    assertThat(badTime.exit).isEqualTo(2);
    assertThat(badTime.err).contains("--window 'noon' is not a time");
  }

  @Test
  void shouldPrintTheLatestProfileOfTheWindowAsOneJsonLine() throws Exception {
    Run run = profile("--model", "claims", "--version", "v1", "--window", "2026-01-01T00:07:30Z");

    assertThat(run.exit).as(run.err).isZero();
    List<JsonNode> lines = json(run.out);
    assertThat(lines).hasSize(1);
    JsonNode w = lines.get(0);
    assertThat(w.get("window_start").asText()).isEqualTo("2026-01-01T00:05:00Z");
    assertThat(w.get("latest").asBoolean()).isTrue();
    assertThat(w.get("predictions").asLong()).isEqualTo(2_000);
    JsonNode income = w.get("features").get("income");
    double mean = Arrays.stream(shifted.income()).average().orElseThrow();
    assertThat(income.get("count").asLong()).isEqualTo(2_000);
    assertThat(income.get("mean").asDouble()).as("the finalized value of the key, not the one it replaced")
        .isCloseTo(mean, within(1e-9));
    assertThat(income.get("min").asDouble()).isEqualTo(Arrays.stream(shifted.income()).min().orElseThrow());
    assertThat(w.get("features").get("age").get("kind").asText()).isEqualTo("numeric");
    assertThat(w.get("features").get("segment").get("categories").size()).isEqualTo(3);
    assertThat(w.get("prediction_mix").get("scores").get("count").asLong()).isEqualTo(2_000);
    assertThat(w.get("serving").get("requests").get(0).get("count").asLong()).isEqualTo(2_000);
  }

  @Test
  void shouldPrintTheWindowsOfARangeOldestFirst() throws Exception {
    Run all = profile("--model", "claims", "--version", "v1", "--all-windows");
    Run first = profile("--model", "claims", "--version", "v1", "--from", "2026-01-01T00:00:00Z", "--to", Long.toString(T1 - 1));
    Run fromSecond = profile("--model", "claims", "--version", "v1", "--from", Long.toString(T1 + 1));

    assertThat(all.exit).as(all.err).isZero();
    assertThat(json(all.out)).extracting(n -> n.get("window_start_ms").asLong()).containsExactly(T0, T1);
    assertThat(json(all.out)).as("the next window's start, else just after the last event")
        .extracting(n -> n.get("window_end_ms").asLong()).containsExactly(T1, T1 + 2_000);
    assertThat(json(first.out)).extracting(n -> n.get("window_start_ms").asLong()).containsExactly(T0);
    assertThat(json(fromSecond.out)).extracting(n -> n.get("window_start_ms").asLong()).containsExactly(T1);
  }

  @Test
  void shouldExitWithOneWhenTheProfileIsMissing() {
    Run noVersion = profile("--model", "claims", "--version", "v3", "--all-windows");
    Run before = profile("--model", "claims", "--version", "v1", "--window", "2025-12-31T00:00:00Z");
    Run noTopic = profile("--model", "claims", "--version", "v1", "--all-windows", "--set", "topics.profiles=no.such.topic",
        "--timeout", "10s");

    assertThat(noVersion.exit).isEqualTo(1);
    assertThat(noVersion.out).isEmpty();
    assertThat(noVersion.err).isEqualTo("pqp profile: no window profiles of model claims version v3 on ml.quality.profiles; "
        + "versions of claims there: v1, v2\n");
    assertThat(before.exit).isEqualTo(1);
    assertThat(before.err).startsWith("pqp profile: no window of claims/v1 starts at or before 2025-12-31T00:00:00Z");
    assertThat(noTopic.exit).isEqualTo(1);
    assertThat(noTopic.err).isEqualTo("pqp profile: topic 'no.such.topic' does not exist at " + broker.bootstrapServers() + "\n");
  }

  private static List<JsonNode> json(String out) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String l : out.lines().toList()) {
      lines.add(json.readTree(l));
    }
    return lines;
  }

  private static String[] row(List<String> lines, String feature) {
    return lines.stream().filter(l -> l.startsWith(feature + " ")).findFirst().orElseThrow().split(" +");
  }

  /** The exit code and what the command printed. */
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    return command("compare", args);
  }

  private static Run profile(String... args) {
    return command("profile", args);
  }

  private static Run command(String command, String... args) {
    List<String> all = new ArrayList<>(List.of(command, "-b", broker.bootstrapServers()));
    all.addAll(Arrays.asList(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  /** Producing to a topic created a moment ago meets NOT_LEADER and then sequence errors that stall for minutes. */
  private static void awaitLeaders(String... topics) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < deadline) {
        Map<String, TopicDescription> d = admin.describeTopics(List.of(topics)).allTopicNames().get();
        if (d.values().stream().flatMap(t -> t.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
          return;
        }
        Thread.sleep(100);
      }
      throw new AssertionError("no leaders for " + List.of(topics));
    }
  }
}
