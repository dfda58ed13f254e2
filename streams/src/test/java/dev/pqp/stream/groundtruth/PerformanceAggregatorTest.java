package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.export.PerformanceGauges;
import dev.pqp.outcome.Outcome;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.schema.Performance;
import dev.pqp.stream.Windows;
import dev.pqp.topology.store.KeyCodec;
import dev.pqp.topology.store.TestHeapStores;
import dev.pqp.topology.store.ValueCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The performance aggregation as a processor (as apache/kafka's {@code WordCountProcessorTest} tests one):
 * outcomes and prediction counts in, one upsert per changed window at each emit, and nothing more for a
 * window once every join task that reported its progress has expired the window's predictions. Windows of 10 s, max delay 20 s, two join tasks.
 */
class PerformanceAggregatorTest {
  private static final long WALL = 1_700_000_000_000L;
  private MockProcessorContext<String, org.apache.avro.specific.SpecificRecordBase> context;
  private PerformanceAggregator aggregator;

  @BeforeEach
  void start() {
    context = new MockProcessorContext<>();
    var windows = TestHeapStores.unlogged(PerformanceAggregator.WINDOWS, KeyCodec.STRING, PerformanceWindow.CODEC);
    windows.init(context.getStateStoreContext(), windows);
    context.addStateStore(windows);
    var time = TestHeapStores.unlogged(PerformanceAggregator.TIME, AggregationKey.CODEC, ValueCodec.LONG);
    time.init(context.getStateStoreContext(), time);
    context.addStateStore(time);
    var actions = TestHeapStores.unlogged(AccuracyActions.STORE, KeyCodec.STRING, AccuracyActionsCodec.CODEC);
    actions.init(context.getStateStoreContext(), actions);
    context.addStateStore(actions);
    PerformanceGauges gauges = new PerformanceGauges();
    gauges.bindTo(new SimpleMeterRegistry());
    aggregator = new PerformanceAggregator(new PerformanceAggregator.Settings(new Windows(10_000, 0), 20_000,
        Duration.ofSeconds(1), 1.0, 2, PositiveClass.of("1", "true"), List.of(), 50,
        dev.pqp.action.AccuracyDropRule.DEFAULT, Long.MAX_VALUE), gauges, actionMetrics());
    context.setCurrentSystemTimeMs(0);
    aggregator.init(context);
  }

  private static dev.pqp.export.ActionMetrics actionMetrics() {
    var m = new dev.pqp.export.ActionMetrics();
    m.bindTo(new SimpleMeterRegistry());
    return m;
  }

  private void send(JoinRecords.Out message, long timestamp) {
    aggregator.process(new Record<>("m/v1", message, timestamp));
  }

  private void joined(long predictionMs, double score, String truth) {
    send(new JoinRecords.Joined("m", "v1", Outcome.binary(predictionMs, predictionMs + 500, score, truth)), predictionMs);
  }

  private List<Performance> emit(long wallOffsetMs) {
    context.resetForwards();
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(WALL + wallOffsetMs);
    return context.forwarded().stream().map(f -> (Performance) f.record().value()).toList();
  }

  @Test
  void shouldEmitEachChangedWindowOnceWithItsRealizedFigures() {
    JoinRecords.Counted counted = new JoinRecords.Counted("m", "v1", 0);
    for (int i = 0; i < 4; i++) {
      counted.add(true, 0.9);
    }
    send(counted, 1_000);
    joined(1_000, 0.9, "1");
    joined(2_000, 0.8, "0");
    joined(3_000, 0.2, "0");
    List<Performance> first = emit(1_000);
    assertThat(first).singleElement().satisfies(p -> {
      assertThat(p.getWindowStart()).isZero();
      assertThat(p.getPredictionCount()).isEqualTo(4);
      assertThat(p.getLabelledCount()).isEqualTo(3);
      assertThat(p.getEstimated()).isFalse();
      assertThat(p.getAccuracy()).isEqualTo(2.0 / 3.0);
      assertThat(p.getCoverage()).isEqualTo(0.75);
    });
    assertThat(context.forwarded().get(0).record().key()).isEqualTo("m/v1/0");
    assertThat(emit(2_000)).as("nothing changed").isEmpty();
    joined(4_000, 0.7, "1");
    assertThat(emit(3_000)).singleElement().satisfies(p -> assertThat(p.getLabelledCount()).isEqualTo(4));
  }

  /** One label, below min-labels (2), and no estimate: the record has the counts and no figure. */
  @Test
  void shouldPublishOnlyTheCountsOfAWindowWithFewerLabelsThanTheFloor() {
    joined(1_000, 0.9, "1");
    assertThat(emit(1_000)).singleElement().satisfies(p -> {
      assertThat(p.getProvisional()).isTrue();
      assertThat(p.getEstimated()).isFalse();
      assertThat(List.of(p.getLabelledCount(), p.getAccuracyCount(), p.getCorrectCount())).containsExactly(1L, 1L, 1L);
      assertThat(p.getAccuracy()).as("no accuracy of 1.0 from one label").isNull();
      assertThat(p.getF1()).isNull();
    });
    joined(2_000, 0.8, "0");
    assertThat(emit(2_000)).singleElement().satisfies(p -> {
      assertThat(p.getProvisional()).isFalse();
      assertThat(p.getAccuracy()).isEqualTo(0.5);
    });
  }

  @Test
  void shouldDropAWindowOnceEveryJoinTaskExpiredItsPredictionsAndIgnoreWhatComesAfter() {
    send(new JoinRecords.Progress(1, 5_000), 5_000);
    joined(1_000, 0.9, "1");
    joined(2_000, 0.1, "0");
    assertThat(emit(1_000)).hasSize(1);
    send(new JoinRecords.Progress(0, 30_000), 30_000); // window [0, 10 s) + 20 s of max delay
    assertThat(emit(2_000)).isEmpty();
    joined(3_000, 0.9, "1"); // one join task has not passed it: still taken
    assertThat(emit(3_000)).singleElement().satisfies(p -> assertThat(p.getLabelledCount()).isEqualTo(3));
    send(new JoinRecords.Progress(1, 30_000), 30_000);
    assertThat(emit(4_000)).isEmpty();
    joined(4_000, 0.9, "1"); // sealed: left out, not a window started again from one outcome
    assertThat(emit(5_000)).isEmpty();
  }
}
