package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.config.Limits;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch peer of {@code pqp bench} ({@code bench/peer/peer.py}, Debian's python3-pandas, python3-scipy
 * and python3-confluent-kafka, installed by {@code .ci/run}) computes over the same windows what pqp does:
 * BenchEvents published to the in-process broker, read back by the peer, and every window's count, every
 * feature's missing count, mean (numeric and boolean) and category counts compared with exact values
 * computed here from the same generated events, and with pqp's own {@link WindowProfile} of them.
 */
class BatchPeerIntegrationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "bench-peer";
  private static final long EVENTS = 3_000;
  private static final long WINDOW_MS = 60_000;
  private static final long START = 1_700_000_040_000L; // a window start
  private static final long SEED = 7;

  @TempDir Path dir;

  /** Exact figures of one (version, window) from the generated JSON. */
  private static final class Expected {
    long count;
    final Map<String, Double> sums = new HashMap<>();
    final Map<String, Map<String, Long>> categories = new HashMap<>();
  }

  @Test
  void shouldCountAverageAndTallyEveryWindowExactlyAsPqpDoes() throws Exception {
    Path script;
    try {
      script = PeerRun.script(null);
    } catch (PeerRun.Skipped e) {
      throw new AssertionError(e.getMessage(), e);
    }
    BenchEvents events = new BenchEvents(EVENTS, START, 3, WINDOW_MS, SEED);
    JsonNode line;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of())) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
      }
      events.publish(kafka.bootstrapServers(), TOPIC, 3, null);
      try {
        line = PeerRun.run(script, kafka.bootstrapServers(), TOPIC, EVENTS, WINDOW_MS, true).json();
      } catch (PeerRun.Skipped e) {
        assumeTrue(!e.unavailable(), "peer cannot run here (.ci/run installs its packages): " + e.getMessage());
        throw new AssertionError(e.getMessage(), e);
      }
    }
    Map<String, Expected> expected = new TreeMap<>();
    Map<String, WindowProfile> pqp = new TreeMap<>();
    generate(events, expected, pqp);

    assertThat(line.path("events").asLong()).isEqualTo(EVENTS);
    assertThat(line.path("windows").asLong()).isEqualTo(expected.size());
    assertThat(line.path("cpu_us_per_event").asDouble()).isPositive();
    assertThat(line.path("peak_rss_mb").asDouble()).isPositive();
    Map<String, JsonNode> peer = new TreeMap<>();
    line.path("details").forEach(w -> peer.put(key(w.path("model_version").asText(),
        w.path("window_start").asLong()), w));
    assertThat(peer.keySet()).isEqualTo(expected.keySet()).isEqualTo(pqp.keySet()).hasSizeGreaterThan(4);
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      checkWindow(e.getKey(), e.getValue(), peer.get(e.getKey()), pqp.get(e.getKey()));
    }
    // the reference of a version is its first window, which compares with itself
    JsonNode first = peer.values().iterator().next().path("features");
    assertThat(first.path("income").path("ks").asDouble()).isZero();
    assertThat(first.path("income").path("psi").asDouble()).isZero();
    assertThat(first.path("country").path("chi2").asDouble()).isZero();
  }

  private static void checkWindow(String key, Expected x, JsonNode peer, WindowProfile pqp) {
    assertThat(peer.path("count").asLong()).as(key).isEqualTo(x.count).isEqualTo(pqp.predictionCount());
    assertThat(x.sums.keySet()).hasSize(16); // 14 numeric and 2 boolean features
    assertThat(x.categories.keySet()).hasSize(6); // 4 categorical and 2 boolean
    for (Map.Entry<String, Double> s : x.sums.entrySet()) {
      String f = s.getKey();
      JsonNode p = peer.path("features").path(f);
      double mean = s.getValue() / x.count;
      assertThat(p.path("count").asLong()).as(key + " " + f).isEqualTo(x.count);
      assertThat(p.path("missing").asLong()).as(key + " " + f).isZero();
      assertThat(p.path("mean").asDouble()).as(key + " " + f).isCloseTo(mean, within(1e-9));
      if (pqp.features().get(f) instanceof NumericProfile n) {
        assertThat(n.count()).as(key + " " + f).isEqualTo(x.count);
        assertThat(n.missing()).as(key + " " + f).isZero();
        assertThat(n.moments().mean()).as(key + " " + f).isCloseTo(mean, within(1e-9));
      }
    }
    for (Map.Entry<String, Map<String, Long>> c : x.categories.entrySet()) {
      String f = c.getKey();
      Map<String, Long> fromPeer = new HashMap<>();
      peer.path("features").path(f).path("categories").fields()
          .forEachRemaining(e -> fromPeer.put(e.getKey(), e.getValue().asLong()));
      assertThat(fromPeer).as(key + " " + f).isEqualTo(c.getValue())
          .isEqualTo(((CategoricalProfile) pqp.features().get(f)).exactCounts());
    }
  }

  /** The events again, as {@link BenchEvents#publish} generated them: exact figures, and pqp's profiles. */
  private static void generate(BenchEvents events, Map<String, Expected> expected, Map<String, WindowProfile> pqp)
      throws Exception {
    EventDecoder decoder = new EventDecoder(EventType.PREDICTION, Limits.defaults(), WriterSchemas.NONE);
    SplittableRandom r = new SplittableRandom(SEED);
    for (long i = 0; i < EVENTS; i++) {
      long ts = events.timestampMs(i, r);
      byte[] json = events.event(i, ts, r);
      JsonNode e = JSON.readTree(json);
      String key = key(e.path("model_version").asText(), ts - Math.floorMod(ts, WINDOW_MS));
      Expected x = expected.computeIfAbsent(key, k -> new Expected());
      x.count++;
      e.path("features").fields().forEachRemaining(f -> {
        JsonNode v = f.getValue();
        if (v.isNumber() || v.isBoolean()) {
          x.sums.merge(f.getKey(), v.isBoolean() ? (v.asBoolean() ? 1.0 : 0.0) : v.doubleValue(), Double::sum);
        }
        if (v.isTextual() || v.isBoolean()) {
          x.categories.computeIfAbsent(f.getKey(), k -> new HashMap<>()).merge(v.asText(), 1L, Long::sum);
        }
      });
      Prediction p = (Prediction) decoder.decode(json, ts, ts);
      pqp.computeIfAbsent(key, k -> new WindowProfile(ProfileConfig.DEFAULT)).add(p, ts, FeatureBounds.NONE, false);
    }
  }

  private static String key(String version, long windowStart) {
    return version + "@" + windowStart;
  }
}
