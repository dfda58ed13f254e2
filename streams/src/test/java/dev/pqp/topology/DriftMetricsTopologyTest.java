package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** The cardinality guard in front of the profiles, and the drift gauges that follow finalized windows. */
class DriftMetricsTopologyTest extends DriftFixtureTest {
  @Test
  void shouldNotProfileVersionBeyondCapAndCountItAsOverflow() {
    f = new DriftFixture(stateDir, Map.of("limits.max-versions-per-model", "2"));
    f.predictX("v1", 1_000, 1.0);
    f.predictX("v2", 1_500, 2.0);
    f.predictX("v3", 2_000, 3.0);
    f.predictX("v1", 3_000, 5.0);
    f.predictX("v3", 4_000, 3.0);
    f.predictX("v3", 5_000, 3.0);
    f.predictX("v1", 13_000, 9.0);

    List<KeyValue<String, FeatureDrift>> drift = f.drainFeatureDrift();
    assertThat(drift).extracting(kv -> kv.key).containsExactlyInAnyOrder("fraud/v1", "fraud/v2");
    Map<String, FeatureDrift> byVersion = drift.stream()
        .collect(Collectors.toMap(kv -> kv.value.getModelVersion(), kv -> kv.value));
    assertThat(byVersion.get("v1").getCount()).isEqualTo(2);
    assertThat(byVersion.get("v1").getMean()).isEqualTo(3.0);
    assertThat(byVersion.get("v2").getCount()).isEqualTo(1);
    assertThat(f.drainModelWindow()).extracting(kv -> kv.value.getModelVersion())
        .containsExactlyInAnyOrder("v1", "v2");

    assertThat(f.counter("pqp.cardinality.overflow", "kind", "version")).isEqualTo(3.0);
    assertThat(f.counter("pqp.cardinality.overflow", "kind", "model")).isZero();
    assertThat(f.counter("pqp.events", "model_name", "__overflow__", "type", "prediction")).isEqualTo(3.0);
    assertThat(f.counter("pqp.events", "model_name", "fraud", "model_version", "v1")).isEqualTo(3.0);
    assertThat(f.registry.find("pqp.events").tag("model_version", "v3").counter()).isNull();
  }

  @Test
  void shouldPublishGaugesOfFinalizedWindowAndRemoveThemWhenTaskCloses() {
    f = new DriftFixture(stateDir, Map.of());
    ReferenceBuilder training = new ReferenceBuilder(f.config.analysis().profile());
    for (int i = 0; i < 100; i++) {
      training.add(Map.of("x", (double) i, "country", i % 2 == 0 ? "DE" : "FR"));
    }
    f.publish(training.build("train-1", DriftFixture.MODEL, "v1", T0));
    for (int i = 0; i < 100; i++) {
      Map<String, Object> features = new HashMap<>();
      features.put("x", i + 500.0); // far outside the reference: drifted
      features.put("country", i % 4 == 0 ? null : i % 2 == 0 ? "DE" : "FR"); // 25 missing, 25 DE, 50 FR
      f.predict("v1", i * 100L, features);
    }
    f.predictX("v1", 13_000, 0.0);

    Map<String, FeatureDrift> drift = f.drainFeatureDrift().stream()
        .collect(Collectors.toMap(kv -> kv.value.getFeatureName(), kv -> kv.value));
    assertThat(drift).containsOnlyKeys("x", "country");
    FeatureDrift x = drift.get("x");
    FeatureDrift country = drift.get("country");
    assertThat(x.getReferenceKind()).isEqualTo("training");
    assertThat(x.getDriftDetected()).isTrue();
    assertThat(x.getMissingRatio()).isEqualTo(0.0);
    assertThat(country.getDriftDetected()).isFalse();
    assertThat(country.getMissingCount()).isEqualTo(25);
    assertThat(country.getMissingRatio()).isEqualTo(0.25);
    ModelWindow w = f.drainModelWindow().get(0).value;
    assertThat(w.getDatasetDriftShare()).isEqualTo(0.5);

    for (FeatureDrift r : List.of(x, country)) {
      String[] tags = {"model_name", "fraud", "model_version", "v1", "feature_name", r.getFeatureName()};
      assertThat(f.gauge("ml.data.drift.score", tags)).isEqualTo(r.getDriftScore());
      assertThat(f.gauge("ml.data.drift.detected", tags)).isEqualTo(r.getDriftDetected() ? 1.0 : 0.0);
      assertThat(f.gauge("ml.feature.missing.ratio", tags)).isEqualTo(r.getMissingRatio());
    }
    assertThat(f.gauge("ml.feature.mean", "feature_name", "x")).isEqualTo(549.5);
    assertThat(f.gauge("ml.dataset.drift.share", "model_name", "fraud", "model_version", "v1")).isEqualTo(0.5);
    assertThat(f.gauge("ml.reference.info", "reference_kind", "training", "reference_id", "train-1")).isEqualTo(1.0);
    assertThat(f.meters("ml.data.drift.score")).hasSize(2);

    f.close(); // closes the task: WindowFinalizer.close releases its versions' gauges

    for (String name : List.of("ml.data.drift.score", "ml.data.drift.detected", "ml.data.drift.statistic",
        "ml.feature.missing.ratio", "ml.feature.mean", "ml.dataset.drift.share", "ml.reference.info")) {
      assertThat(f.meters(name)).as(name).isEmpty();
    }
  }

  @Test
  void shouldNotKeepGaugesOfAnEarlierWindowThatTheLatestWindowDoesNotReport() {
    f = new DriftFixture(stateDir, Map.of());
    ReferenceBuilder training = new ReferenceBuilder(f.config.analysis().profile());
    for (int i = 0; i < 100; i++) {
      training.add(Map.of("x", (double) i, "country", i % 2 == 0 ? "DE" : "FR"));
    }
    f.publish(training.build("train-1", DriftFixture.MODEL, "v1", T0));
    for (int i = 0; i < 100; i++) { // [0, 10 s): x drifted, with a country
      f.predict("v1", i * 100L, Map.of("x", i + 500.0, "country", "DE"));
    }
    for (int i = 0; i < 10; i++) { // [10 s, 20 s): 10 values of x only, below drift.min-count 50
      f.predictX("v1", 10_000 + i * 100L, i + 500.0);
    }
    f.predictX("v1", 22_000, 0.0); // forwards [10 s, 20 s) at 22 s: stage 2 finalizes both windows

    List<FeatureDrift> drift = f.drainFeatureDrift().stream().map(kv -> kv.value).toList();
    assertThat(drift).extracting(r -> r.getWindowStart() + "/" + r.getFeatureName())
        .containsExactly(T0 + "/country", T0 + "/x", (T0 + 10_000) + "/country", (T0 + 10_000) + "/x");
    FeatureDrift first = drift.get(1);
    FeatureDrift latest = drift.get(3);
    FeatureDrift countryLatest = drift.get(2); // in the reference, absent from every event of the window
    assertThat(countryLatest.getCount()).isZero();
    assertThat(countryLatest.getMissingRatio()).isEqualTo(1.0);
    assertThat(countryLatest.getDriftScore()).isNull();
    assertThat(first.getDriftScore()).isNotNull();
    assertThat(first.getDriftDetected()).isTrue();
    assertThat(latest.getCount()).isEqualTo(10);
    // too few values to judge alone: judged with the window before it, 110 values, marked so
    assertThat(latest.getMergedWindows()).isEqualTo(2);
    assertThat(latest.getDriftFrom()).isEqualTo(T0);
    assertThat(latest.getDriftScore()).isNotNull();
    assertThat(latest.getDriftDetected()).isTrue();

    String[] x = {"model_name", "fraud", "model_version", "v1", "feature_name", "x"};
    assertThat(f.gauge("ml.data.drift.score", x)).as("score of the latest window's span").isEqualTo(latest.getDriftScore());
    assertThat(countryLatest.getMergedWindows()).as("absent from the window: no verdict from earlier ones").isEqualTo(1);
    assertThat(f.gauge("ml.feature.missing.ratio", x)).isEqualTo(latest.getMissingRatio());
    assertThat(f.gauge("ml.feature.mean", x)).isEqualTo(latest.getMean());
    assertThat(f.registry.find("ml.feature.missing.ratio").tag("feature_name", "country").gauge().value())
        .as("a feature absent from the latest window is reported missing, not dropped").isEqualTo(1.0);
    assertThat(f.registry.find("ml.data.drift.score").tag("feature_name", "country").gauge())
        .as("nor does it keep the earlier window's score").isNull();
    assertThat(f.gauge("ml.reference.info", "reference_kind", "training")).isEqualTo(1.0);
  }
}
