package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Window close, grace and dead letters through the whole topology (10 s windows, 2 s grace). */
class DriftTopologyTest extends DriftFixtureTest {
  @BeforeEach
  void start() {
    f = new DriftFixture(stateDir, Map.of());
  }

  /** A feature map that may hold nulls; pairs of name, value. */
  static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void shouldEmitExactProfileOfClosedWindowOnlyAfterStreamTimePassesEndPlusGrace() {
    f.predict("v1", 1_000, row("age", 20.0, "country", "DE"));
    f.predict("v1", 2_000, row("age", 30.0, "country", "FR"));
    f.predict("v1", 3_000, row("age", 40.0, "country", "DE"));
    f.predict("v1", 4_000, row("age", null, "country", "DE"));   // age missing (null)
    f.predict("v1", 5_000, row("country", "FR"));                // age missing (absent)
    f.predict("v1", 6_000, row("age", "old", "country", null));  // age invalid, country missing
    f.predict("v1", 7_000, row("age", 50.0, "country", 7L));     // country invalid
    f.predict("v1", 9_999, row("age", 60.0, "country", "FR"));
    assertThat(f.featureDrift.isEmpty()).isTrue();
    assertThat(f.modelWindow.isEmpty()).isTrue();

    f.predict("v1", 13_000, row("age", 98.0, "country", "DE"));  // stage 1 forwards [0, 10 s) at 13 s >= 12 s

    List<KeyValue<String, FeatureDrift>> drift = f.drainFeatureDrift();
    assertThat(drift).extracting(kv -> kv.key).containsOnly("fraud/v1");
    assertThat(drift).extracting(kv -> kv.value.getFeatureName()).containsExactly("age", "country");
    FeatureDrift age = drift.get(0).value;
    assertThat(age.getWindowStart()).isEqualTo(T0);
    assertThat(age.getWindowEnd()).isEqualTo(T0 + 10_000);
    assertThat(age.getFeatureType()).isEqualTo("numeric");
    assertThat(age.getCount()).isEqualTo(5);
    assertThat(age.getMissingCount()).isEqualTo(2);
    assertThat(age.getInvalidCount()).isEqualTo(1);
    assertThat(age.getMissingRatio()).isEqualTo(2.0 / 8);
    assertThat(age.getMean()).isEqualTo(40.0);
    assertThat(age.getMin()).isEqualTo(20.0);
    assertThat(age.getMax()).isEqualTo(60.0);
    assertThat(age.getStddev()).isEqualTo(Math.sqrt(250.0)); // sample variance of 20..60 step 10
    assertThat(age.getReferenceKind()).isEqualTo("none");
    assertThat(age.getReferenceId()).isNull();
    assertThat(age.getDriftScore()).isNull();
    assertThat(age.getDriftDetected()).isFalse();
    FeatureDrift country = drift.get(1).value;
    assertThat(country.getFeatureType()).isEqualTo("categorical");
    assertThat(country.getCount()).isEqualTo(6);
    assertThat(country.getMissingCount()).isEqualTo(1);
    assertThat(country.getInvalidCount()).isEqualTo(1);
    assertThat(country.getMean()).isNull();

    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).hasSize(1);
    ModelWindow w = windows.get(0).value;
    assertThat(windows.get(0).key).isEqualTo("fraud/v1");
    assertThat(w.getWindowStart()).isEqualTo(T0);
    assertThat(w.getWindowEnd()).isEqualTo(T0 + 10_000);
    assertThat(w.getEventCount()).isEqualTo(8);
    assertThat(w.getLateEventCount()).isZero();
    assertThat(w.getFeatureCount()).isEqualTo(2); // age and country are profiled, even without a reference
    assertThat(w.getDriftedFeatureCount()).isZero();
    assertThat(w.getReferenceKind()).isEqualTo("none");

    // [10 s, 20 s) stays open: more input below its end + grace emits nothing
    f.predict("v1", 19_000, row("age", 1.0));
    assertThat(f.featureDrift.isEmpty()).isTrue();
    assertThat(f.modelWindow.isEmpty()).isTrue();
  }

  @Test
  void shouldFinalizeByWallClockWhenStage2GetsNoPartialPastEndPlusGrace() {
    f.close();
    f = new DriftFixture(stateDir, Map.of("window.idle-flush", "5s"));
    f.predict("v1", 1_000, row("x", 2.0));
    f.predict("v1", 2_000, row("x", 4.0));
    // stage 1 forwards [0, 10 s) at 10.5 s, then the input goes idle: stage 1's stream time (and so its
    // ticks) stays at 10.5 s, below end + grace, so only the wall clock can close the window
    f.predict("v1", 10_500, row("x", 50.0));
    assertThat(f.modelWindow.isEmpty()).isTrue();

    f.advanceWallClock(Duration.ofSeconds(11)); // wall T0 + 11 s: before end + grace, nothing
    assertThat(f.modelWindow.isEmpty()).isTrue();
    f.advanceWallClock(Duration.ofSeconds(1)); // wall T0 + 12 s, 12 s after the last partial >= idle flush 5 s

    List<KeyValue<String, FeatureDrift>> drift = f.drainFeatureDrift();
    assertThat(drift).hasSize(1);
    assertThat(drift.get(0).value.getWindowStart()).isEqualTo(T0);
    assertThat(drift.get(0).value.getCount()).isEqualTo(2);
    assertThat(drift.get(0).value.getMean()).isEqualTo(3.0);
    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).extracting(kv -> kv.value.getWindowStart()).containsExactly(T0);
    assertThat(windows.get(0).value.getEventCount()).isEqualTo(2);
  }

  @Test
  void shouldCloseAtEndPlusGraceWhenStage1TicksItsStreamTime() {
    f.predict("v1", 1_000, row("x", 2.0));
    f.predict("v1", 2_000, row("x", 4.0));
    f.predict("v1", 10_500, row("x", 50.0)); // forwards [0, 10 s) with stream time 10.5 s
    f.predict("v1", 13_000, row("x", 60.0)); // stage 1 passes end + grace; stage 2 has not heard yet
    assertThat(f.modelWindow.isEmpty()).isTrue();

    f.advanceWallClock(Duration.ofSeconds(1)); // stage 1's punctuation ticks 13 s to stage 2

    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).extracting(kv -> kv.value.getWindowStart()).containsExactly(T0);
    assertThat(windows.get(0).value.getEventCount()).isEqualTo(2);
  }

  @Test
  void shouldIncludeLateEventWithinGraceAndDropEventAfterGrace() {
    f.predict("v1", 1_000, row("x", 1.0));
    f.predict("v1", 2_000, row("x", 2.0));
    f.predict("v1", 3_000, row("x", 3.0));
    f.predict("v1", 11_000, row("x", 100.0)); // stage 1 at 11 s: [0, 10 s) forwarded, still within grace
    f.predict("v1", 5_000, row("x", 5.0));    // late, within grace: a late partial
    f.advanceWallClock(Duration.ofSeconds(1)); // the punctuation sends the late partial
    f.predict("v1", 12_000, row("x", 100.0)); // stage 1 at 12 s = end + grace
    f.predict("v1", 4_000, row("x", 1_000.0)); // after grace: dropped and counted
    assertThat(f.counter("pqp.late.events.dropped")).isEqualTo(1.0);
    assertThat(f.featureDrift.isEmpty()).isTrue(); // stage 2 has seen no partial at >= 12 s yet

    f.predict("v1", 20_000, row("x", 100.0)); // forwards [10 s, 20 s) at 20 s: stage 2 closes [0, 10 s)

    List<KeyValue<String, FeatureDrift>> drift = f.drainFeatureDrift();
    assertThat(drift).hasSize(1);
    FeatureDrift x = drift.get(0).value;
    assertThat(x.getWindowStart()).isEqualTo(T0);
    assertThat(x.getCount()).isEqualTo(4);
    assertThat(x.getMean()).isEqualTo(11.0 / 4);
    assertThat(x.getMin()).isEqualTo(1.0);
    assertThat(x.getMax()).isEqualTo(5.0);
    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).value.getEventCount()).isEqualTo(4);
    assertThat(windows.get(0).value.getLateEventCount()).isEqualTo(1);
  }

  @Test
  void shouldProfileFeatureLogsWithPredictionsOfTheirVersion() {
    f.predict("v1", 1_000, row("x", 1.0));
    f.logFeatures("v1", 2_000, row("x", 5.0));
    f.predict("v1", 3_000, row("x", 3.0));
    f.logFeatures(null, 4_000, row("x", 100.0)); // no version: profiled under model/*
    f.predict("v1", 13_000, row("x", 9.0));

    Map<String, FeatureDrift> drift = new HashMap<>();
    f.drainFeatureDrift().forEach(kv -> drift.put(kv.key, kv.value));
    assertThat(drift).containsOnlyKeys("fraud/v1", "fraud/*");
    assertThat(drift.get("fraud/v1").getCount()).isEqualTo(3);
    assertThat(drift.get("fraud/v1").getMean()).isEqualTo(3.0);
    assertThat(drift.get("fraud/*").getCount()).isEqualTo(1);
    assertThat(drift.get("fraud/*").getMean()).isEqualTo(100.0);
    Map<String, Long> events = new HashMap<>();
    f.drainModelWindow().forEach(kv -> events.put(kv.key, kv.value.getEventCount()));
    assertThat(events).containsOnly(Map.entry("fraud/v1", 3L), Map.entry("fraud/*", 1L));
  }

  @Test
  void shouldDeadLetterBadRecordWithReasonAndStillProfileGoodOnes() {
    f.predict("v1", 1_000, row("x", 1.0));
    f.predictions.pipeInput("k".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8),
        T0 + 2_000);
    f.predict("v1", 3_000, row("x", 3.0));
    f.predict("v1", 13_000, row("x", 9.0));

    List<TestRecord<byte[], byte[]>> dead = f.drainDeadLetters();
    assertThat(dead).hasSize(1);
    TestRecord<byte[], byte[]> d = dead.get(0);
    assertThat(new String(d.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(new String(d.key(), StandardCharsets.UTF_8)).isEqualTo("k");
    assertThat(new String(d.headers().lastHeader("pqp.reason").value(), StandardCharsets.UTF_8))
        .isEqualTo("malformed_json");
    assertThat(f.counter("pqp.records.rejected", "reason", "malformed_json")).isEqualTo(1.0);

    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).value.getEventCount()).isEqualTo(2);
    FeatureDrift x = f.drainFeatureDrift().get(0).value;
    assertThat(x.getCount()).isEqualTo(2);
    assertThat(x.getMean()).isEqualTo(2.0);
  }
}
