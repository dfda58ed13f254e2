package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.schema.Action;
import dev.pqp.schema.ActionWindow;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Retraining recommended from the finalized windows of a version, through the whole topology: the automatic baseline
 * of windows 0 and 1 (x = 0..99, y a permutation of it, exact sketches), window 2 stable, windows 3 to 5 with x shifted
 * (half the features drifted: share 0.5, at the default 0.3), windows 6 to 8 stable again. One record opens the
 * episode at window 5 and one closes it at window 8, with the same episode id; the gauge follows.
 */
class ActionsTopologyTest extends DriftFixtureTest {
  private void window(int w, double xShift) {
    for (int i = 0; i < 100; i++) {
      f.predict("v1", w * 10_000L + i * 100L, Map.of("x", i + xShift, "y", (double) (7 * i % 100)));
    }
  }

  private double active() {
    Double g = f.gauge("ml.action.active", "model_name", DriftFixture.MODEL, "model_version", "v1", "action",
        "retraining_recommended");
    return g == null ? Double.NaN : g;
  }

  @Test
  void shouldOpenAnEpisodeAfterThreeDriftedWindowsAndCloseItAfterThreeStableOnes() {
    f = new DriftFixture(stateDir, Map.of("profile.kll-k", "1000"));
    window(0, 0);
    window(1, 0);
    window(2, 0);
    window(3, 1_000);
    window(4, 1_000);
    assertThat(f.drainActions()).as("two drifted windows").isEmpty();
    window(5, 1_000);
    window(6, 0);
    window(7, 0); // window 5 finalized (stage 2 passed 60 s + 2 s)
    List<KeyValue<String, Action>> opened = f.drainActions();
    assertThat(opened).hasSize(1);
    assertThat(active()).isEqualTo(1.0);
    Action o = opened.get(0).value;
    assertThat(opened.get(0).key).isEqualTo("fraud/v1");
    assertThat(o.getState()).isEqualTo("opened");
    assertThat(o.getAction()).isEqualTo("retraining_recommended");
    assertThat(o.getEpisodeId()).isEqualTo("fraud/v1/retraining_recommended/" + (T0 + 30_000));
    assertThat(o.getEpisodeStart()).isEqualTo(T0 + 30_000);
    assertThat(o.getWindowStart()).isEqualTo(T0 + 50_000);
    assertThat(o.getCondition()).isEqualTo("dataset drift share >= 0.3 in 3 consecutive windows");
    assertThat(o.getEvidence()).extracting(ActionWindow::getWindowStart)
        .containsExactly(T0 + 30_000, T0 + 40_000, T0 + 50_000);
    assertThat(o.getEvidence()).allSatisfy(w -> {
      assertThat(w.getDatasetDriftShare()).isEqualTo(0.5);
      assertThat(w.getDriftedFeatures()).containsOnlyKeys("x");
      assertThat(w.getDriftedFeatures().get("x")).isGreaterThan(0.2);
    });

    window(8, 0);
    f.predict("v1", 92_000, Map.of("x", 0.0, "y", 0.0)); // window 8 finalized
    List<KeyValue<String, Action>> cleared = f.drainActions();
    assertThat(cleared).hasSize(1);
    Action c = cleared.get(0).value;
    assertThat(c.getState()).isEqualTo("cleared");
    assertThat(c.getEpisodeId()).isEqualTo(o.getEpisodeId());
    assertThat(c.getWindowStart()).isEqualTo(T0 + 80_000);
    assertThat(c.getEvidence()).extracting(ActionWindow::getDatasetDriftShare).containsExactly(0.0, 0.0, 0.0);
    assertThat(active()).isEqualTo(0.0);
  }

  /** Every derived record says what it is and how it is written, whatever the record its input carried. */
  @Test
  void shouldLabelEveryDerivedRecordWithItsTypeAndFormat() {
    f = new DriftFixture(stateDir, Map.of("profile.kll-k", "1000"));
    for (int w = 0; w < 3; w++) {
      window(w, 0);
    }
    var drift = f.featureDrift.readRecordsToList();
    var windows = f.modelWindow.readRecordsToList();
    assertThat(drift).isNotEmpty();
    assertThat(windows).isNotEmpty();
    assertThat(drift).allSatisfy(r -> assertThat(header(r, "pqp.record.type")).isEqualTo("dev.pqp.schema.FeatureDrift"));
    assertThat(windows).allSatisfy(r -> {
      assertThat(header(r, "pqp.record.type")).isEqualTo("dev.pqp.schema.ModelWindow");
      assertThat(header(r, "pqp.format")).isEqualTo("avro-single-object");
      assertThat(r.headers().headers("pqp.format")).as("once").hasSize(1);
    });
  }

  private static String header(org.apache.kafka.streams.test.TestRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void shouldRecommendNothingWhileTheVersionHasNoReference() {
    f = new DriftFixture(stateDir, Map.of("profile.kll-k", "1000", "reference.auto-windows", "100"));
    for (int w = 0; w < 6; w++) {
      window(w, w * 1_000);
    }
    f.predict("v1", 62_000, Map.of("x", 0.0, "y", 0.0));
    assertThat(f.drainModelWindow()).hasSize(6);
    assertThat(f.drainActions()).isEmpty();
    assertThat(active()).isEqualTo(0.0);
  }
}
