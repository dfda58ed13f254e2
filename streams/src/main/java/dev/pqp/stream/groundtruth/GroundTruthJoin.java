package dev.pqp.stream.groundtruth;

import dev.pqp.export.GroundTruthMetrics.Result;
import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.stream.Windows;
import dev.pqp.stream.groundtruth.JoinRecords.Counted;
import dev.pqp.stream.groundtruth.JoinRecords.In;
import dev.pqp.stream.groundtruth.JoinRecords.Joined;
import dev.pqp.stream.groundtruth.JoinRecords.Label;
import dev.pqp.stream.groundtruth.JoinRecords.Out;
import dev.pqp.stream.groundtruth.JoinRecords.Pending;
import dev.pqp.topology.store.HeapStore;
import dev.pqp.topology.store.Multicast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ground-truth join, keyed by prediction_id: consumes predictions ({@link JoinRecords.Pending}) and
 * labels ({@link JoinRecords.Label}) merged into one stream, and emits, keyed {@code model/version}, one
 * {@link JoinRecords.Joined} outcome per prediction that got its first label and, every second, one
 * {@link JoinRecords.Counted} per window with the valid predictions counted since the last one, then a
 * {@link JoinRecords.Progress} for every task of the aggregation when its expiry time moved.
 *
 * <p>State, in logged RocksDB stores: predictions of the sample waiting for their label until
 * prediction time + {@code maxDelay} (kept after they joined, marked joined, so that a second label is
 * a duplicate); labels that came before their prediction, until label time + {@code earlyWait}; one time
 * index per side ({@link ExpiryIndex}), scanned only once its time has reached the earliest expiry in it.
 * In a {@link HeapStore}, written to its changelog at commit (so a record costs no store write for them,
 * and they stay exactly once with the rest): the largest timestamp seen of each side and the running count
 * of each {@link Result}.
 *
 * <p><b>Two times, one per side.</b> Expiry follows the data, never the wall clock, and each side expires by
 * the other side's progress: a prediction at {@code t} expires once labels have reached
 * {@code t + maxDelay} (its label can no longer come), an early label at {@code l} once predictions have
 * reached {@code l + earlyWait} (its prediction, never later than the label, can no longer come). With one
 * time for both, a backlog in which one input runs ahead of the other (two repartition topics read at their
 * own pace) expired the slower side's records before their match could arrive. So that a side that stops
 * cannot hold the other forever, a record also expires when its own side has passed its expiry by
 * {@code maxDelay}: a stalled label stream keeps predictions twice the max delay, not without bound.
 *
 * <p>Each prediction and label is counted once in {@link GroundTruthMetrics}: see its {@link Result}s. A
 * label without a waiting prediction is an <em>orphan</em> when it could not be joined any more: its
 * prediction, no later than the label, would have expired already, or the label itself would expire at once;
 * otherwise it waits as an early label. A prediction that comes after its own expiry time joins a label
 * waiting for it, else is counted expired at once. Ids outside the {@link IdSample} are not
 * stored and not counted here, on either side; their predictions are still counted for the window's
 * prediction count.
 */
public final class GroundTruthJoin implements Processor<String, In, String, Out>, In.Handler {
  static final String PENDING = "ground-truth-pending";
  static final String EARLY = "ground-truth-early";
  public static final String INDEX = "ground-truth-expiry";
  static final String TIME = "ground-truth-time";
  static final String COUNTS = "ground-truth-counts";
  /** How often the prediction counts of each window are handed to the aggregation. */
  static final Duration HAND_OVER = Duration.ofSeconds(1);
  /** The kind bytes of the two expiry indexes in {@link #INDEX}: the first byte of its keys and changelog keys. */
  public static final byte KIND_PREDICTION = 0;
  public static final byte KIND_LABEL = 1;
  /** The key of {@link JoinRecords.Progress} records, which belong to no version: {@link #TO_EVERY_TASK} sends them to every partition. */
  private static final String NO_VERSION = "";
  /**
   * The partitioner of the join's output: {@link JoinRecords.Progress} to every partition, the rest by key
   * as Kafka Streams partitions by default.
   */
  static final StreamPartitioner<String, Out> TO_EVERY_TASK = Multicast.when(Out::toEveryTask);

  private final Windows windows;
  private final long maxDelayMs;
  private final long earlyWaitMs;
  private final IdSample sample;
  private final GroundTruthMetrics metrics;
  private ProcessorContext<String, Out> context;
  private KeyValueStore<String, Pending> pending;
  private KeyValueStore<String, Label> early;
  private ExpiryIndex predictionIndex;
  private ExpiryIndex labelIndex;
  private HeapStore<JoinStateKey, Long> time;
  private HeapStore<String, Counted> counted;
  /** The largest timestamp of a prediction, of a label; {@link Long#MIN_VALUE} before the first. */
  private long predictionTime;
  private long labelTime;
  /** The prediction expiry time the aggregation was last told of. */
  private long reported = Long.MIN_VALUE;
  private final long[] counts = new long[Result.values().length];
  private String owner;

  GroundTruthJoin(Windows windows, long maxDelayMs, long earlyWaitMs, IdSample sample, GroundTruthMetrics metrics) {
    this.windows = windows;
    this.maxDelayMs = maxDelayMs;
    this.earlyWaitMs = earlyWaitMs;
    this.sample = sample;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Out> context) {
    this.context = context;
    this.pending = context.getStateStore(PENDING);
    this.early = context.getStateStore(EARLY);
    this.predictionIndex = new ExpiryIndex(context.getStateStore(INDEX), KIND_PREDICTION);
    this.labelIndex = new ExpiryIndex(context.getStateStore(INDEX), KIND_LABEL);
    this.time = context.getStateStore(TIME);
    this.counted = context.getStateStore(COUNTS);
    context.schedule(HAND_OVER, PunctuationType.WALL_CLOCK_TIME, now -> handOver());
    Long legacy = time.get(JoinStateKey.Time.LEGACY_BOTH);
    this.predictionTime = restored(JoinStateKey.Time.PREDICTIONS, legacy);
    this.labelTime = restored(JoinStateKey.Time.LABELS, legacy);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    for (Result r : Result.values()) {
      Long n = time.get(new JoinStateKey.Count(r));
      counts[r.ordinal()] = n == null ? 0 : n;
      metrics.counted(owner, r, counts[r.ordinal()]);
    }
  }

  private long restored(JoinStateKey key, Long legacy) {
    Long t = time.get(key);
    return t != null ? t : legacy != null ? legacy : Long.MIN_VALUE;
  }

  @Override
  public void close() {
    metrics.release(owner);
  }

  /** Predictions with an expiry time at or before this have expired: labels' time, or their own, much later. */
  private long predictionsExpireThrough() {
    return Math.max(labelTime, minus(predictionTime, maxDelayMs));
  }

  /** Early labels with an expiry time at or before this have expired: predictions' time, or their own, much later. */
  private long labelsExpireThrough() {
    return Math.max(predictionTime, minus(labelTime, maxDelayMs));
  }

  private static long minus(long time, long ms) {
    return time == Long.MIN_VALUE ? Long.MIN_VALUE : time - ms;
  }

  /** Counts a result in the task's state (exactly once with it) and reports the new total. */
  private void count(Result r) {
    long n = ++counts[r.ordinal()];
    time.put(new JoinStateKey.Count(r), n);
    metrics.counted(owner, r, n);
  }

  /** A side's time after a record of it at {@code timestamp}: kept in the task's state when it moved. */
  private long advance(JoinStateKey.Time side, long current, long timestamp) {
    if (timestamp <= current) {
      return current;
    }
    time.put(side, timestamp);
    return timestamp;
  }

  @Override
  public void process(Record<String, In> record) {
    record.value().deliver(record, this);
    expire();
  }

  @Override
  public void prediction(Pending p, Record<String, In> record) {
    predictionTime = advance(JoinStateKey.Time.PREDICTIONS, predictionTime, record.timestamp());
    String id = record.key();
    boolean sampled = sample.contains(id);
    boolean duplicate = sampled && pending.get(id) != null;
    // a duplicate counts among the window's predictions, like every valid one, but not among those sampled,
    // so that it does not lower the coverage
    countPrediction(p, sampled && !duplicate);
    if (duplicate) {
      count(Result.DUPLICATE_PREDICTION);
    }
    if (!sampled || duplicate) {
      return;
    }
    long expiry = expiry(p.timeMs(), maxDelayMs);
    Label waiting = early.get(id);
    if (waiting == null && expiry <= predictionsExpireThrough()) {
      count(Result.EXPIRED); // its label can no longer come, or came and expired waiting
      return;
    }
    if (waiting != null) {
      early.delete(id);
      pending.put(id, p.asJoined());
      emit(p, waiting, record);
      count(Result.EARLY_MATCHED);
    } else {
      pending.put(id, p);
    }
    predictionIndex.put(expiry, id);
  }

  @Override
  public void label(Label label, Record<String, In> record) {
    labelTime = advance(JoinStateKey.Time.LABELS, labelTime, record.timestamp());
    String id = record.key();
    if (!sample.contains(id)) {
      return;
    }
    Pending p = pending.get(id);
    if (p != null) {
      if (p.joined()) {
        count(Result.DUPLICATE);
      } else {
        pending.put(id, p.asJoined());
        emit(p, label, record);
        count(Result.MATCHED);
      }
    } else if (early.get(id) != null) {
      count(Result.DUPLICATE);
    } else if (expiry(label.timeMs(), maxDelayMs) <= predictionsExpireThrough()
        || expiry(label.timeMs(), earlyWaitMs) <= labelsExpireThrough()) {
      count(Result.ORPHAN);
    } else {
      early.put(id, label);
      labelIndex.put(expiry(label.timeMs(), earlyWaitMs), id);
    }
  }

  private void emit(Pending p, Label label, Record<String, In> record) {
    context.forward(new Record<>(PerformanceAggregator.versionKey(p.model(), p.version()),
        new Joined(p.model(), p.version(), p.outcome(label)), record.timestamp(), record.headers()));
  }

  /**
   * Adds a prediction to its window's counts, handed over in one record per window every {@link #HAND_OVER}
   * rather than one per prediction; the counts are kept in a logged store until then, exactly-once with the
   * input's offsets.
   */
  private void countPrediction(Pending p, boolean inSample) {
    long start = windows.start(p.timeMs());
    String key = PerformanceAggregator.windowKey(p.model(), p.version(), start);
    Counted c = counted.get(key);
    if (c == null) {
      c = new Counted(p.model(), p.version(), start);
      counted.put(key, c);
    }
    c.add(inSample, p.score());
    counted.markDirty(key);
  }

  /**
   * Hands the counts over, then tells every aggregation task how far predictions have expired here: after
   * the counts and outcomes of those predictions, on each partition.
   */
  private void handOver() {
    List<String> keys = new ArrayList<>(counted.keys());
    keys.sort(null); // a stable order of records
    long timestamp = Math.max(0L, Math.max(predictionTime, labelTime));
    for (String key : keys) {
      Counted c = counted.get(key);
      context.forward(new Record<>(PerformanceAggregator.versionKey(c.model, c.version), c, timestamp));
      counted.delete(key);
    }
    long through = predictionsExpireThrough();
    if (through > reported) {
      context.forward(new Record<>(NO_VERSION, new JoinRecords.Progress(context.taskId().partition(), through), timestamp));
      reported = through;
    }
  }

  /** Drops every prediction and early label whose side's expiry time has come, counting the unjoined. */
  private void expire() {
    for (ExpiryIndex.Entry e : predictionIndex.due(predictionsExpireThrough())) {
      expirePrediction(e.id(), e.expiry());
    }
    for (ExpiryIndex.Entry e : labelIndex.due(labelsExpireThrough())) {
      expireLabel(e.id(), e.expiry());
    }
  }

  private void expirePrediction(String id, long expiry) {
    Pending p = pending.get(id);
    if (p == null) {
      return;
    }
    if (expiry(p.timeMs(), maxDelayMs) == expiry) { // else the entry belongs to a newer prediction of the id
      pending.delete(id);
      if (!p.joined()) {
        count(Result.EXPIRED);
      }
    }
  }

  private void expireLabel(String id, long expiry) {
    Label stored = early.get(id);
    if (stored != null && expiry(stored.timeMs(), earlyWaitMs) == expiry) {
      early.delete(id);
      count(Result.EARLY_EXPIRED);
    }
  }

  /** Expiry times are clamped at 0 so that the big-endian keys sort in time order. */
  private static long expiry(long timeMs, long afterMs) {
    return Math.max(0L, timeMs + afterMs);
  }
}
