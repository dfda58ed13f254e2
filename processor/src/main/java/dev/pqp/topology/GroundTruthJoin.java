package dev.pqp.topology;

import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.export.GroundTruthMetrics.Result;
import dev.pqp.topology.JoinRecords.Counted;
import dev.pqp.topology.JoinRecords.Joined;
import dev.pqp.topology.JoinRecords.Label;
import dev.pqp.topology.JoinRecords.Pending;
import dev.pqp.topology.store.HeapStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ground-truth join, keyed by prediction_id: consumes predictions ({@link JoinRecords.Pending}) and
 * labels ({@link JoinRecords.Label}) merged into one stream, and emits, keyed {@code model/version}, one
 * {@link JoinRecords.Joined} outcome per prediction that got its first label and, every second, one
 * {@link JoinRecords.Counted} per window with the valid predictions counted since the last one.
 *
 * <p>State, in logged RocksDB stores: predictions of the sample waiting for their label until
 * prediction time + {@code maxDelay} (kept after they joined, marked joined, so that a second label is
 * a duplicate); labels that came before their prediction, until label time + {@code earlyWait}; a time
 * index (8-byte big-endian expiry time, a kind byte, the id), an {@link ExpiryIndex} scanned up to the
 * task's stream time only once that has reached the earliest expiry time in it. In a
 * {@link HeapStore}, written to its changelog at commit (so a record costs no store write for them, and
 * they stay exactly once with the rest): the stream time (the largest record timestamp seen, so expiry
 * survives a restart and never depends on the wall clock or on processing speed) and the running count of
 * each {@link Result}.
 *
 * <p>Each prediction and label is counted once in {@link GroundTruthMetrics}: see its {@link Result}s. A
 * label without a waiting prediction is an <em>orphan</em> when its own time is already more than
 * {@code maxDelay} behind stream time: its prediction came before it, so it was dropped (expired or
 * joined long ago) and can never be joined; otherwise the label waits as an early label. Ids outside the
 * {@link IdSample} are not stored and not counted here, on either side; their predictions are still
 * counted for the window's prediction count.
 */
final class GroundTruthJoin implements Processor<String, byte[], String, byte[]> {
  static final String PENDING = "ground-truth-pending";
  static final String EARLY = "ground-truth-early";
  static final String INDEX = "ground-truth-expiry";
  static final String TIME = "ground-truth-time";
  static final String COUNTS = "ground-truth-counts";
  /** How often the prediction counts of each window are handed to the aggregation. */
  static final Duration HAND_OVER = Duration.ofSeconds(1);
  private static final byte KIND_PREDICTION = 0;
  private static final byte KIND_LABEL = 1;
  private static final String STREAM_TIME = "stream-time";
  private static final String COUNT = "count/";

  private final Windows windows;
  private final long maxDelayMs;
  private final long earlyWaitMs;
  private final IdSample sample;
  private final GroundTruthMetrics metrics;
  private ProcessorContext<String, byte[]> context;
  private KeyValueStore<String, byte[]> pending;
  private KeyValueStore<String, byte[]> early;
  private ExpiryIndex index;
  private HeapStore<String, Long> time;
  private HeapStore<String, Counted> counted;
  private long streamTime;
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
  public void init(ProcessorContext<String, byte[]> context) {
    this.context = context;
    this.pending = context.getStateStore(PENDING);
    this.early = context.getStateStore(EARLY);
    this.index = new ExpiryIndex(context.getStateStore(INDEX));
    this.time = context.getStateStore(TIME);
    this.counted = context.getStateStore(COUNTS);
    context.schedule(HAND_OVER, PunctuationType.WALL_CLOCK_TIME, now -> handOverCounts());
    Long t = time.get(STREAM_TIME);
    this.streamTime = t == null ? Long.MIN_VALUE : t;
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    for (Result r : Result.values()) {
      Long n = time.get(COUNT + r.name());
      counts[r.ordinal()] = n == null ? 0 : n;
      metrics.counted(owner, r, counts[r.ordinal()]);
    }
  }

  @Override
  public void close() {
    metrics.release(owner);
  }

  /** Counts a result in the task's state (exactly once with it) and reports the new total. */
  private void count(Result r) {
    long n = ++counts[r.ordinal()];
    time.put(COUNT + r.name(), n);
    metrics.counted(owner, r, n);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.timestamp() > streamTime) {
      streamTime = record.timestamp();
      time.put(STREAM_TIME, streamTime);
    }
    String id = record.key();
    if (JoinRecords.tag(record.value()) == JoinRecords.PREDICTION) {
      onPrediction(id, JoinRecords.decodePending(record.value()), record);
    } else {
      onLabel(id, JoinRecords.decodeLabel(record.value()), record);
    }
    expire();
  }

  private void onPrediction(String id, Pending p, Record<String, byte[]> record) {
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
    byte[] waiting = early.get(id);
    if (waiting != null) {
      early.delete(id);
      pending.put(id, JoinRecords.encode(p.asJoined()));
      emit(p, JoinRecords.decodeLabel(waiting), record);
      count(Result.EARLY_MATCHED);
    } else {
      pending.put(id, JoinRecords.encode(p));
    }
    index.put(indexKey(expiry(p.timeMs(), maxDelayMs), KIND_PREDICTION, id), new byte[0]);
  }

  private void onLabel(String id, Label label, Record<String, byte[]> record) {
    if (!sample.contains(id)) {
      return;
    }
    byte[] stored = pending.get(id);
    if (stored != null) {
      Pending p = JoinRecords.decodePending(stored);
      if (p.joined()) {
        count(Result.DUPLICATE);
      } else {
        pending.put(id, JoinRecords.encode(p.asJoined()));
        emit(p, label, record);
        count(Result.MATCHED);
      }
    } else if (early.get(id) != null) {
      count(Result.DUPLICATE);
    } else if (label.timeMs() < streamTime - maxDelayMs) {
      count(Result.ORPHAN);
    } else {
      early.put(id, JoinRecords.encode(label));
      index.put(indexKey(expiry(label.timeMs(), earlyWaitMs), KIND_LABEL, id), new byte[0]);
    }
  }

  private void emit(Pending p, Label label, Record<String, byte[]> record) {
    byte[] value = JoinRecords.encode(new Joined(p.model(), p.version(), p.outcome(label)));
    context.forward(new Record<>(PerformanceAggregator.versionKey(p.model(), p.version()), value, record.timestamp(),
        record.headers()));
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

  private void handOverCounts() {
    List<String> keys = new ArrayList<>(counted.keys());
    keys.sort(null); // a stable order of records
    long timestamp = Math.max(0L, streamTime);
    for (String key : keys) {
      Counted c = counted.get(key);
      context.forward(new Record<>(PerformanceAggregator.versionKey(c.model, c.version), JoinRecords.encode(c), timestamp));
      counted.delete(key);
    }
  }

  /** Drops every prediction and early label whose expiry time stream time has reached, counting the unjoined. */
  private void expire() {
    for (Bytes key : index.due(streamTime)) {
      ByteBuffer b = ByteBuffer.wrap(key.get());
      long expiry = b.getLong();
      byte kind = b.get();
      String id = new String(key.get(), 9, key.get().length - 9, StandardCharsets.UTF_8);
      if (kind == KIND_PREDICTION) {
        expirePrediction(id, expiry);
      } else {
        expireLabel(id, expiry);
      }
      index.delete(key);
    }
  }

  private void expirePrediction(String id, long expiry) {
    byte[] stored = pending.get(id);
    if (stored == null) {
      return;
    }
    Pending p = JoinRecords.decodePending(stored);
    if (expiry(p.timeMs(), maxDelayMs) == expiry) { // else the entry belongs to a newer prediction of the id
      pending.delete(id);
      if (!p.joined()) {
        count(Result.EXPIRED);
      }
    }
  }

  private void expireLabel(String id, long expiry) {
    byte[] stored = early.get(id);
    if (stored != null && expiry(JoinRecords.decodeLabel(stored).timeMs(), earlyWaitMs) == expiry) {
      early.delete(id);
      count(Result.EARLY_EXPIRED);
    }
  }

  /** Expiry times are clamped at 0 so that the big-endian keys sort in time order. */
  private static long expiry(long timeMs, long afterMs) {
    return Math.max(0L, timeMs + afterMs);
  }

  static Bytes indexKey(long expiry, byte kind, String id) {
    byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(9 + idBytes.length).putLong(expiry).put(kind).put(idBytes).array());
  }
}
