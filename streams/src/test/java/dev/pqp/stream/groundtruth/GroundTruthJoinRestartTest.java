package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.event.GroundTruth;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.stream.Windows;
import dev.pqp.topology.store.HeapStore;
import dev.pqp.topology.store.KeyCodec;
import dev.pqp.topology.store.TestHeapStores;
import dev.pqp.topology.store.ValueCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A restarted join (a new processor on the stores the old one left, as after a restore) continues where
 * the old one stopped: waiting predictions still join, and its stream time, not the first record after
 * the restart, decides what is too old; its counts continue from the state, not from zero or twice. The
 * stream time and the counts live on the heap until a commit writes them: a restart sees what the last
 * commit wrote.
 */
class GroundTruthJoinRestartTest {
  private static final long MAX_DELAY = 20_000;
  private static final long EARLY_WAIT = 5_000;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GroundTruthMetrics metrics = new GroundTruthMetrics();
  private MockProcessorContext<String, JoinRecords.Out> context;
  private HeapStore<JoinStateKey, Long> time;
  private HeapStore<String, long[]> buckets;
  private HeapStore<String, Long> names;

  @BeforeEach
  void stores() {
    metrics.bindTo(registry);
    context = new MockProcessorContext<>();
    segmented(GroundTruthJoin.WAITING, JoinRetention.waiting(MAX_DELAY));
    segmented(GroundTruthJoin.EARLY, JoinRetention.early(MAX_DELAY, EARLY_WAIT));
    time = heap(GroundTruthJoin.TIME, JoinStateKey.CODEC, ValueCodec.LONG);
    heap(GroundTruthJoin.COUNTS, KeyCodec.STRING, JoinCodec.COUNTED_CODEC);
    buckets = heap(GroundTruthJoin.BUCKETS, KeyCodec.STRING, ExpiryBuckets.CODEC);
    names = heap(GroundTruthJoin.NAMES, KeyCodec.STRING, ValueCodec.LONG);
  }

  /** What a commit and a restart do to the heap stores: flush to the inner store, then drop the heap. */
  private void commitAndRestore() {
    for (HeapStore<?, ?> s : java.util.List.of(time, buckets, names)) {
      s.flushCache();
      s.clearCache();
    }
  }

  private <K, V> HeapStore<K, V> heap(String name, KeyCodec<K> keys, ValueCodec<V> values) {
    HeapStore<K, V> s = TestHeapStores.unlogged(name, keys, values);
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
    return s;
  }

  private void segmented(String name, java.time.Duration retention) {
    WindowStore<Long, byte[]> s = Stores.windowStoreBuilder(
        Stores.inMemoryWindowStore(name, retention, java.time.Duration.ofMillis(1), false), Serdes.Long(),
        Serdes.ByteArray()).withLoggingDisabled().build();
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
  }

  private GroundTruthJoin started() {
    GroundTruthJoin join = new GroundTruthJoin(new Windows(10_000, 0), MAX_DELAY, EARLY_WAIT, new IdSample(1.0),
        new PositiveClass(java.util.Set.of("1")), metrics);
    join.init(context);
    return join;
  }

  /** The outcomes the join handed over so far: it hands them over every second of the wall clock. */
  private long outcomesHandedOver() {
    context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(0L));
    return context.forwarded().stream().map(f -> f.record().value())
        .filter(v -> v instanceof JoinRecords.Counted c && c.outcomes != null)
        .mapToLong(v -> ((JoinRecords.Counted) v).outcomes.labelled()).sum();
  }

  private static Record<String, JoinRecords.In> prediction(String id, long t) {
    Prediction p = new Prediction(id, "m", "v1", t, null, new Output(0.9, null, null, null), null, null, null, null);
    return new Record<>(id, JoinRecords.Pending.of(p), t);
  }

  private static Record<String, JoinRecords.In> label(String id, long t) {
    return new Record<>(id, JoinRecords.Label.of(new GroundTruth(id, t, "1", null)), t);
  }

  private double total(String result) {
    return registry.get(GroundTruthMetrics.TOTAL).tag("result", result).functionCounter().count();
  }

  @Test
  void shouldJoinWaitingPredictionsAndKeepItsStreamTimeAcrossARestart() {
    GroundTruthJoin first = started();
    first.process(prediction("a", 15_000)); // waits until 35 s
    first.process(prediction("b", 30_000)); // stream time 30 s
    first.process(prediction("b", 30_000));
    assertThat(total("duplicate_prediction")).isEqualTo(1);
    first.close();
    assertThat(total("duplicate_prediction")).isZero(); // the closed task's share left with it
    commitAndRestore();

    GroundTruthJoin second = started();
    second.process(label("a", 16_000));
    second.process(label("q", 0)); // 0 + 5 s of early wait < 30 s: an orphan by the restored prediction time

    assertThat(total("matched")).isEqualTo(1);
    assertThat(total("orphan")).isEqualTo(1);
    assertThat(total("early_expired")).isZero();
    assertThat(total("duplicate_prediction")).isEqualTo(1); // counted once, in the state the new task restored
    assertThat(outcomesHandedOver()).isEqualTo(1);
  }

  /**
   * The join's in-memory filters only speak for store segments opened after it started: what an earlier
   * instance stored in the segment it continues in is still found (a duplicate, a label), and so is what it
   * stores itself in a later segment.
   */
  @Test
  void shouldFindWhatWaitedBeforeARestartInTheSegmentItContinuesAndWhatItStoresAfter() {
    GroundTruthJoin first = started();
    first.process(prediction("a", 30_000)); // segments of 5 s: stored at 30 s
    first.close();
    commitAndRestore();

    GroundTruthJoin second = started();
    second.process(prediction("a", 31_000)); // a retry, stored by the first instance in the same segment
    assertThat(total("duplicate_prediction")).isEqualTo(1);
    second.process(prediction("z", 36_000)); // a segment this instance opened
    second.process(prediction("z", 36_500));
    assertThat(total("duplicate_prediction")).isEqualTo(2);
    second.process(label("a", 37_000));
    second.process(label("z", 37_000));
    second.process(label("never", 37_000)); // waits as an early label
    assertThat(total("matched")).isEqualTo(2);
    second.process(prediction("never", 37_500));
    assertThat(total("early_matched")).isEqualTo(1);
  }

  @Test
  void shouldExpireWhatWaitedBeforeARestartAtTheSameStreamTimes() {
    GroundTruthJoin first = started();
    first.process(prediction("a", 15_000)); // expires at 35 s
    first.process(label("early", 20_000)); // no prediction: waits until 25 s
    first.process(prediction("b", 24_000));
    first.close();
    commitAndRestore();

    GroundTruthJoin second = started(); // knows what waits only from the restored buckets
    second.process(prediction("c", 24_999));
    assertThat(total("early_expired")).isZero();
    second.process(prediction("d", 25_000));
    assertThat(total("early_expired")).isEqualTo(1);
    second.process(label("b", 34_999));
    assertThat(total("expired")).isZero();
    second.process(prediction("e", 54_999)); // predictions alone expire "a" only at 35 s + 20 s more
    assertThat(total("expired")).isZero();
    second.process(label("f", 35_000)); // labels reached 35 s: "a" cannot get one any more
    assertThat(total("expired")).isEqualTo(1); // "a"; "b" joined and waits until 44 s
    assertThat(total("matched")).isEqualTo(1);
  }

  /** State written when the join kept one time for both sides: both sides start from it. */
  @Test
  void shouldStartBothTimesFromTheOneTimeOfAnOlderState() {
    time.put(JoinStateKey.Time.LEGACY_BOTH, 30_000L); // "stream-time", as StateKeysTest checks
    commitAndRestore();
    GroundTruthJoin join = started();
    join.process(label("q", 0)); // 0 + 5 s < 30 s: predictions passed it
    join.process(label("r", 26_000)); // waits: predictions have not passed 31 s
    assertThat(total("orphan")).isEqualTo(1);
    join.process(prediction("r", 26_001));
    assertThat(total("early_matched")).isEqualTo(1);
    join.process(prediction("s", 10_000)); // its expiry (30 s) had passed by the labels' time: expired on arrival
    assertThat(total("expired")).isEqualTo(1);
  }
}
