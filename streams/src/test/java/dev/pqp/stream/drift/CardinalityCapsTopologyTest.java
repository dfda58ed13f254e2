package dev.pqp.stream.drift;

import static dev.pqp.topology.DriftFixture.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.export.CardinalityGuard;
import dev.pqp.schema.ModelWindow;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.testing.Exposition;
import dev.pqp.topology.DriftFixture;
import dev.pqp.topology.DriftFixtureTest;
import dev.pqp.topology.store.HeapStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 §7: the caps hold against a producer that sends 10,000 versions, 10,000 features per model and
 * 100,000 categories of one feature (20 versions and 200 features per model by default; 100 exact
 * categories, a tenth of the default, to keep the test fast); what they leave out is counted;
 * {@code /metrics} stays bounded; and a version that stopped sending is forgotten by stage 1 and stage 2.
 */
class CardinalityCapsTopologyTest extends DriftFixtureTest {
  private static final int VERSIONS = 10_000;
  private static final int FEATURES = 10_000;
  private static final int FEATURES_PER_EVENT = 10;
  private static final int CATEGORIES = 100_000;

  @Test
  void shouldHoldTheCapsAndCountWhatTheyLeaveOut() {
    f = new DriftFixture(stateDir, Map.of("profile.category-cap", "100"));
    for (int v = 0; v < VERSIONS; v++) {
      f.predictX("v" + v, v % 9_000, v);
    }
    for (int e = 0; e < FEATURES / FEATURES_PER_EVENT; e++) {
      Map<String, Object> features = new HashMap<>();
      for (int j = 0; j < FEATURES_PER_EVENT; j++) {
        features.put("f" + (e * FEATURES_PER_EVENT + j), 1.0);
      }
      f.predict("v0", 100, features);
    }
    for (int c = 0; c < CATEGORIES; c++) {
      f.predict("v1", c % 9_000, Map.of("c", "cat-" + c));
    }
    f.predictX("v0", 13_000, 0.0); // closes window 0

    // versions: the first 20 are profiled, the 9,980 others counted as overflow
    assertThat(f.counter("pqp.cardinality.overflow", "kind", "version")).isEqualTo(VERSIONS - 20);
    Map<String, ModelWindow> windows = f.drainModelWindow().stream()
        .collect(Collectors.toMap(kv -> kv.value.getModelVersion(), kv -> kv.value));
    assertThat(windows).hasSize(20);
    assertThat(windows.get("v1").getEventCount()).isEqualTo(1 + CATEGORIES); // nothing lost under the category cap
    // features of v0: x and the first 199 f-features fill the 200; the other 9,801 values are dropped
    assertThat(f.counter("pqp.cardinality.overflow", "kind", "feature")).isEqualTo(FEATURES - 199);
    // categories: 100 counted exactly, the 99,900 values of later categories counted by the sketch
    assertThat(f.counter("pqp.cardinality.overflow", "kind", "category")).isEqualTo(CATEGORIES - 100);

    var profiles = f.driver.createOutputTopic(f.config.topics().profiles(), new StringDeserializer(),
        new ByteArrayDeserializer());
    Map<String, Integer> profileBytes = profiles.readKeyValuesToList().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value.length));
    // 100,000 categories of ~10 bytes would be ~1 MB exact: the kept profile is bounded by the caps
    assertThat(profileBytes.get(MODEL + "/v1/" + DriftFixture.T0)).isLessThan(100_000);

    Exposition metrics = f.scrape();
    Set<String> versions = new HashSet<>();
    Set<String> featureNames = new HashSet<>();
    metrics.samples().forEach(s -> {
      if (s.labels().containsKey("model_version")) {
        versions.add(s.labels().get("model_version"));
      }
      if (s.labels().containsKey("feature_name")) {
        featureNames.add(s.labels().get("feature_name"));
      }
    });
    assertThat(versions).hasSizeLessThanOrEqualTo(21); // 20 and __overflow__
    assertThat(featureNames).hasSizeLessThanOrEqualTo(201);
    assertThat(metrics.samples()).hasSizeLessThan(20_000);
  }

  @Test
  void shouldGiveARealVersionItsSeriesWithinTwoWindowsAfterAThousandJunkVersions() {
    f = new DriftFixture(stateDir, Map.of());
    for (int i = 0; i < 3; i++) { // the serving version: more events than any junk one, so not the one replaced
      f.predictX("v1", i, 1.0);
    }
    for (int v = 0; v < 1_000; v++) { // junk versions, one event each: 19 of them fill the cap of 20
      f.predictX("junk-" + v, v % 9_000, 1.0);
    }
    for (int i = 0; i < 2 * CardinalityGuard.PROVE_EVENTS; i++) { // the real release, in the next window
      f.predictX("v3", 10_000 + i, 2.0);
    }
    f.predictX("v1", 23_000, 1.0); // closes window 1

    List<String> windows = f.drainModelWindow().stream()
        .map(kv -> kv.value.getModelVersion() + "@" + kv.value.getWindowStart() + "=" + kv.value.getEventCount()).toList();
    long v3 = windows.stream().filter(w -> w.startsWith("v3@")).count();
    assertThat(v3).as("v3's window 1 in %s", windows).isEqualTo(1);
    assertThat(windows).contains("v3@" + (DriftFixture.T0 + 10_000) + "=" + (CardinalityGuard.PROVE_EVENTS + 1));
    assertThat(f.scrape().samples()).anySatisfy(s -> assertThat(s.labels()).containsEntry("model_version", "v3"));
  }

  @Test
  void shouldForgetAVersionThatStoppedSendingAtStageOneAndStageTwo() {
    f = new DriftFixture(stateDir, Map.of("versions.forget-after", "1h"));
    var partials = f.driver.createOutputTopic("pqp-test-profile-partials-repartition", new StringDeserializer(),
        new ByteArrayDeserializer());
    f.predictX("v1", 0, 1.0);
    f.predictX("v2", 0, 1.0);
    long tenMinutes = Duration.ofMinutes(10).toMillis();
    VersionKey v1 = new VersionKey(MODEL, "v1");
    VersionKey v2 = new VersionKey(MODEL, "v2");
    for (long t = tenMinutes; t <= 8 * tenMinutes; t += tenMinutes) {
      // only v2 goes on: v1's newest event falls more than 1 h behind; the wall clock follows event time
      // (events more than 1 h ahead of it are absurd) and lets stage 2 look for versions to forget
      f.advanceWallClock(Duration.ofMillis(tenMinutes));
      f.predictX("v2", t, 1.0);
      if (t == 6 * tenMinutes) {
        assertThat(versionStates().get(v1)).isNotNull(); // 1 h behind, not more
        assertThat(historyVersions(ProfileHistory.STORE)).contains(v1);
        partials.readRecordsToList();
      }
    }
    f.advanceWallClock(Duration.ofSeconds(61));

    // every tick sent since stage 1's stream time passed v1's newest event + 1 h leaves v1 out
    List<StageOne.ModelTick> ticks = partials.readRecordsToList().stream()
        .filter(r -> r.timestamp() > DriftFixture.T0 + 6 * tenMinutes && MODEL.equals(r.key()))
        .map(TestRecord::value).map(StageOneCodec::decode)
        .filter(StageOne.ModelTick.class::isInstance).map(StageOne.ModelTick.class::cast).toList();
    assertThat(ticks).isNotEmpty().allSatisfy(t -> assertThat(t.newest()).containsOnlyKeys("v2"));
    assertThat(versionStates().get(v1)).isNull();
    assertThat(versionStates().get(v2)).isNotNull();
    ModelState model = this.<String, ModelState>heapStore(WindowFinalizer.MODELS).get(MODEL);
    assertThat(model.newestEventMs).containsOnlyKeys("v2");
    assertThat(historyVersions(ProfileHistory.STORE)).doesNotContain(v1).contains(v2);
    assertThat(historyVersions(StatusHistory.STORE)).doesNotContain(v1).contains(v2);

    // v1 comes back: it starts afresh and is profiled again
    f.predictX("v1", 8 * tenMinutes + 1_000, 3.0);
    f.predictX("v2", 9 * tenMinutes, 1.0);
    assertThat(versionStates().get(v1)).isNotNull();
    assertThat(f.drainModelWindow()).extracting(kv -> kv.value.getModelVersion() + "@" + kv.value.getEventCount())
        .contains("v1@1");
  }

  private HeapStore<VersionKey, VersionState> versionStates() {
    return heapStore(WindowFinalizer.VERSIONS);
  }

  @SuppressWarnings("unchecked")
  private <K, V> HeapStore<K, V> heapStore(String name) {
    return (HeapStore<K, V>) f.driver.getStateStore(name);
  }

  private Set<VersionKey> historyVersions(String store) {
    KeyValueStore<Bytes, byte[]> s = f.driver.getKeyValueStore(store);
    Set<VersionKey> out = new HashSet<>();
    try (KeyValueIterator<Bytes, byte[]> it = s.all()) {
      it.forEachRemaining((KeyValue<Bytes, byte[]> kv) -> out.add(WindowKey.CODEC.decode(kv.key.get()).version()));
    }
    return out;
  }
}
