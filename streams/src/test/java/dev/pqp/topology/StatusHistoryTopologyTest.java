package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.schema.FeatureDrift;
import dev.pqp.status.SummaryCodec;
import dev.pqp.status.WindowSummary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * Stage 2 keeps a summary of the last {@code status.windows} finalized windows of each version in its
 * status store, with the same drift scores and verdicts as the feature-drift records and the mix and
 * serving figures of the events sent.
 */
class StatusHistoryTopologyTest extends DriftFixtureTest {
  private static final long WINDOW = 10_000;

  /** Per window: events, of which errors, and of which without {@code y}. */
  private record Sent(int events, int errors, int missingY) {}

  @Test
  void shouldKeepTheLastWindowsOfEachVersionWithTheirDriftMixAndServing() {
    f = new DriftFixture(stateDir, Map.of("status.windows", "3"));
    Random r = new Random(11);
    Map<Long, Sent> sent = new HashMap<>();
    for (int w = 0; w < 5; w++) { // windows 0, 1 form the automatic reference; x moves from window 3 on
      sent.put(T0 + w * WINDOW, send("v1", r, w, w >= 3 ? 3.0 : 0.0, 120, w == 4 ? 30 : 0));
    }
    Sent v2 = send("v2", r, 4, 0.0, 60, 0);
    // past window 4's end + grace: windows 0-4 of both versions are finalized
    f.predictEvent(Map.of("model_version", "v1", "timestamp", T0 + 5 * WINDOW + 2_500, "features", Map.of("x", 0.0),
        "prediction", Map.of("score", 0.55)));

    Map<String, Map<Long, FeatureDrift>> records = new HashMap<>();
    for (KeyValue<String, FeatureDrift> kv : f.drainFeatureDrift()) {
      FeatureDrift d = kv.value;
      records.computeIfAbsent(d.getModelVersion() + "/" + d.getFeatureName(), k -> new HashMap<>())
          .put(d.getWindowStart(), d);
    }
    Map<String, List<WindowSummary>> kept = readStore();

    assertThat(kept.keySet()).containsExactlyInAnyOrder("v1", "v2");
    List<WindowSummary> v1 = kept.get("v1");
    assertThat(v1).extracting(WindowSummary::windowStart)
        .as("the last 3 of 5 windows, oldest first").containsExactly(T0 + 2 * WINDOW, T0 + 3 * WINDOW, T0 + 4 * WINDOW);
    for (WindowSummary s : v1) {
      Sent expected = sent.get(s.windowStart());
      assertThat(s.model()).isEqualTo(DriftFixture.MODEL);
      assertThat(s.windowEnd()).isEqualTo(s.windowStart() + WINDOW);
      assertThat(s.referenceKind()).isEqualTo("auto");
      assertThat(s.events()).isEqualTo(expected.events());
      assertThat(s.features()).extracting(WindowSummary.Feature::name).containsExactly("x", "y");
      for (WindowSummary.Feature feature : s.features()) {
        FeatureDrift d = records.get("v1/" + feature.name()).get(s.windowStart());
        assertThat(feature.score()).isEqualTo(d.getDriftScore());
        assertThat(feature.drifted()).isEqualTo(d.getDriftDetected());
        assertThat(feature.threshold()).isEqualTo(d.getEffectiveThreshold() == null ? d.getThreshold()
            : d.getEffectiveThreshold());
        assertThat(feature.pValue()).isEqualTo(d.getPValue());
        assertThat(feature.mergedWindows()).isEqualTo(d.getMergedWindows());
      }
      boolean moved = s.windowStart() >= T0 + 3 * WINDOW;
      assertThat(s.features().get(0).drifted()).as("x drifted in window %d", (s.windowStart() - T0) / WINDOW)
          .isEqualTo(moved);
      assertThat(s.features().get(1).drifted()).as("y is stable").isFalse();
      assertThat(s.features().get(1).missingRatio()).isCloseTo((double) expected.missingY() / expected.events(),
          within(1e-12));
      assertThat(s.driftShare()).isCloseTo(moved ? 0.5 : 0.0, within(1e-12));
      assertThat(s.datasetDrift()).isEqualTo(moved);
      assertThat(s.mix().scoreP50()).as("every score is 0.55: the middle of bucket [0.5, 0.6)")
          .isCloseTo(0.55, within(1e-12));
      assertThat(s.mix().positiveRate()).isEqualTo(1.0);
      assertThat(s.mix().classRatios()).containsExactly(Map.entry("1", 1.0));
      assertThat(s.serving().requests()).isEqualTo(expected.events());
      assertThat(s.serving().errorRate()).isCloseTo((double) expected.errors() / expected.events(), within(1e-12));
      assertThat(s.serving().latencyP95Ms()).isEqualTo(20.0);
    }
    assertThat(kept.get("v2")).extracting(WindowSummary::windowStart).containsExactly(T0 + 4 * WINDOW);
    assertThat(kept.get("v2").get(0).events()).isEqualTo(v2.events());
    assertThat(kept.get("v2").get(0).referenceKind()).as("v2 has no complete windows for a baseline").isEqualTo("none");
  }

  /** {@code n} predictions of {@code version} in window {@code w}; every 7th an error, the first {@code missingY} without y. */
  private Sent send(String version, Random r, int w, double shift, int n, int missingY) {
    int errors = 0;
    for (int i = 0; i < n; i++) {
      Map<String, Object> features = new LinkedHashMap<>();
      features.put("x", shift + r.nextGaussian());
      if (i >= missingY) {
        features.put("y", r.nextGaussian());
      }
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("model_version", version);
      e.put("timestamp", T0 + w * WINDOW + 10 + i * (long) (9_000 / Math.max(1, n)));
      e.put("features", features);
      e.put("prediction", Map.of("score", 0.55, "label", "1"));
      e.put("latency_ms", 20.0);
      boolean error = i % 7 == 3;
      errors += error ? 1 : 0;
      e.put("status", error ? "error" : "success");
      f.predictEvent(e);
    }
    return new Sent(n, errors, missingY);
  }

  private Map<String, List<WindowSummary>> readStore() {
    KeyValueStore<Bytes, byte[]> store = f.driver.getKeyValueStore(PqpTopology.STATUS_STORE);
    Map<String, List<WindowSummary>> out = new HashMap<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      while (it.hasNext()) {
        WindowSummary s = SummaryCodec.decode(it.next().value);
        out.computeIfAbsent(s.version(), v -> new ArrayList<>()).add(s);
      }
    }
    return out;
  }
}
