package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import io.micrometer.core.instrument.Meter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Which reference a window is compared with: none, then the automatic baseline of the first
 * {@code reference.auto-windows} = 2 windows, then a training reference published on the reference topic.
 * Every window holds the same 100 values of x (0..99) and y (a permutation of 0..99) unless shifted, so
 * with exact sketches (k = 1000) a stable window has PSI exactly 0.
 */
class DriftReferenceTest extends DriftFixtureTest {
  static final int PER_WINDOW = 100;

  private void start() {
    f = new DriftFixture(stateDir, Map.of("profile.kll-k", "1000"));
  }

  /** 100 predictions in window {@code w}, x = i + shift, y = (7 i) mod 100. */
  private void window(int w, double xShift) {
    for (int i = 0; i < PER_WINDOW; i++) {
      f.predict("v1", w * 10_000L + i * 100L, Map.of("x", i + xShift, "y", (double) (7 * i % 100)));
    }
  }

  private static Map<String, FeatureDrift> byFeature(List<KeyValue<String, FeatureDrift>> records, long windowStart) {
    return records.stream().map(kv -> kv.value).filter(r -> r.getWindowStart() == windowStart)
        .collect(java.util.stream.Collectors.toMap(FeatureDrift::getFeatureName, r -> r));
  }

  @Test
  void shouldUseAutomaticBaselineOfFirstWindowsAndFlagOnlyTheShiftedFeature() {
    start();
    window(0, 0);
    window(1, 0);
    window(2, 0);
    window(3, 1_000); // x shifted far above the baseline, y stable
    f.predict("v1", 42_000, Map.of("x", 0.0, "y", 0.0)); // stage 2 passes 30 s + 10 s + 2 s

    List<KeyValue<String, FeatureDrift>> drift = f.drainFeatureDrift();
    List<ModelWindow> windows = f.drainModelWindow().stream().map(kv -> kv.value).toList();
    assertThat(windows).extracting(ModelWindow::getWindowStart)
        .containsExactly(T0, T0 + 10_000, T0 + 20_000, T0 + 30_000);
    assertThat(windows).extracting(ModelWindow::getReferenceKind).containsExactly("none", "none", "auto", "auto");
    assertThat(windows).extracting(ModelWindow::getEventCount).containsOnly((long) PER_WINDOW);
    assertThat(drift).hasSize(8);

    for (long start : new long[] {T0, T0 + 10_000}) {
      byFeature(drift, start).values().forEach(r -> {
        assertThat(r.getReferenceKind()).isEqualTo("none");
        assertThat(r.getReferenceId()).isNull();
        assertThat(r.getDriftScore()).isNull();
        assertThat(r.getDriftDetected()).isFalse();
        assertThat(r.getCount()).isEqualTo(PER_WINDOW);
      });
    }

    String autoId = "auto:2-windows-from-" + T0;
    Map<String, FeatureDrift> stable = byFeature(drift, T0 + 20_000);
    assertThat(stable.values()).allSatisfy(r -> {
      assertThat(r.getReferenceKind()).isEqualTo("auto");
      assertThat(r.getReferenceId()).isEqualTo(autoId);
      assertThat(r.getPrimaryMethod()).isEqualTo("PSI");
      assertThat(r.getDriftScore()).isEqualTo(0.0);
      assertThat(r.getDriftDetected()).isFalse();
    });
    assertThat(windows.get(2).getFeatureCount()).isEqualTo(2);
    assertThat(windows.get(2).getDriftedFeatureCount()).isZero();

    Map<String, FeatureDrift> shifted = byFeature(drift, T0 + 30_000);
    FeatureDrift x = shifted.get("x");
    assertThat(x.getReferenceId()).isEqualTo(autoId);
    assertThat(x.getMean()).isEqualTo(1_049.5);
    assertThat(x.getDriftScore()).isGreaterThan(x.getThreshold());
    assertThat(x.getThreshold()).isEqualTo(0.2);
    assertThat(x.getDriftDetected()).isTrue();
    FeatureDrift y = shifted.get("y");
    assertThat(y.getDriftScore()).isEqualTo(0.0);
    assertThat(y.getDriftDetected()).isFalse();
    assertThat(windows.get(3).getFeatureCount()).isEqualTo(2);
    assertThat(windows.get(3).getDriftedFeatureCount()).isEqualTo(1);
    assertThat(windows.get(3).getDatasetDriftShare()).isEqualTo(0.5);
    assertThat(windows.get(3).getDatasetDriftDetected()).isTrue();
  }

  @Test
  void shouldSwitchToTrainingReferencePublishedAfterTraffic() {
    start();
    window(0, 0);
    window(1, 0);
    window(2, 0);
    window(3, 0);
    window(4, 0); // its first event forwards [30 s, 40 s): stage 2 finalizes [0, 10 s) .. [20 s, 30 s)
    List<KeyValue<String, ModelWindow>> before = f.drainModelWindow();
    assertThat(before).extracting(kv -> kv.value.getReferenceKind()).containsExactly("none", "none", "auto");
    assertThat(referenceInfo()).extracting(m -> m.getId().getTag("reference_kind")).containsExactly("auto");
    assertThat(referenceInfo()).extracting(m -> m.getId().getTag("reference_id"))
        .containsExactly("auto:2-windows-from-" + T0);
    f.drainFeatureDrift();

    ReferenceBuilder training = new ReferenceBuilder(f.config.analysis().profile());
    for (int i = 0; i < 1_000; i++) {
      training.add(Map.of("x", (double) (i % 100), "y", (double) (i % 100)));
    }
    f.publish(training.build("train-2026-01", DriftFixture.MODEL, "v1", T0));
    f.advanceWallClock(Duration.ofSeconds(11)); // past the lookup's 10 s refresh
    f.predict("v1", 52_000, Map.of("x", 0.0, "y", 0.0)); // forwards [40 s, 50 s): closes [30 s, 40 s) and it

    List<ModelWindow> after = f.drainModelWindow().stream().map(kv -> kv.value).toList();
    assertThat(after).extracting(ModelWindow::getWindowStart).containsExactly(T0 + 30_000, T0 + 40_000);
    assertThat(after).extracting(ModelWindow::getReferenceKind).containsExactly("training", "training");
    List<FeatureDrift> drift = f.drainFeatureDrift().stream().map(kv -> kv.value).toList();
    assertThat(drift).hasSize(4).allSatisfy(r -> {
      assertThat(r.getReferenceKind()).isEqualTo("training");
      assertThat(r.getReferenceId()).isEqualTo("train-2026-01");
      assertThat(r.getDriftScore()).isNotNull();
    });
    assertThat(f.gauge("ml.reference.info", "model_name", "fraud", "model_version", "v1",
        "reference_kind", "training", "reference_id", "train-2026-01")).isEqualTo(1.0);
    assertThat(referenceInfo()).hasSize(1); // the auto series is gone
  }

  private List<Meter> referenceInfo() {
    return f.meters("ml.reference.info");
  }
}
