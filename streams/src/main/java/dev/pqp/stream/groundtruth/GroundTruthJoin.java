package dev.pqp.stream.groundtruth;

import dev.pqp.export.GroundTruthMetrics.Result;
import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.stream.Windows;
import dev.pqp.stream.groundtruth.JoinRecords.Counted;
import dev.pqp.stream.groundtruth.JoinRecords.In;
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
import org.apache.kafka.streams.state.WindowStore;

/**
 * The ground-truth join, keyed by prediction_id: consumes predictions ({@link JoinRecords.Pending}) and
 * labels ({@link JoinRecords.Label}) merged into one stream, and every second hands the aggregation, keyed
 * {@code model/version}, one {@link JoinRecords.Counted} per window with what it saw of the window since the
 * last: its valid predictions and the outcomes of those that got their first label, aggregated here; then a
 * {@link JoinRecords.Progress} for every task of the aggregation when its expiry time moved.
 *
 * <p>State. Predictions of the sample wait for their label in a segmented RocksDB store ({@link #WAITING},
 * a Kafka Streams window store), keyed by a 64-bit hash of the id ({@link PredictionKey}), valued by a
 * compact entry ({@link CompactEntries}), kept after they joined, marked joined, so that a second label is a
 * duplicate; labels that came before their prediction wait the same way in {@link #EARLY}. Neither store is
 * visited to expire its entries: each drops whole segments once its side's expiry time has passed them (a
 * clock entry, {@link PredictionKey#CLOCK}, moves the store's time), and {@link ExpiryBuckets} count the
 * entries that expired unjoined. An entry is stored at the start of the segment of its side's time, so that a lookup is
 * one RocksDB get per segment, newest first (a label usually finds its prediction in the first); a
 * prediction looks for an early label only while one is waiting. In {@link HeapStore}s, written to their
 * changelogs at commit (so a record costs no store write for them, and they stay exactly once with the
 * rest): the largest timestamp seen of each side, the running count of each {@link Result}, the counts and
 * outcomes not handed over yet, the expiry buckets and the names the compact entries refer to.
 *
 * <p><b>Two times, one per side.</b> Expiry follows the data, never the wall clock, and each side expires by
 * the other side's progress: a prediction at {@code t} expires once labels have reached
 * {@code t + maxDelay} (its label can no longer come), an early label at {@code l} once predictions have
 * reached {@code l + earlyWait} (its prediction, never later than the label, can no longer come). With one
 * time for both, a backlog in which one input runs ahead of the other (two repartition topics read at their
 * own pace) expired the slower side's records before their match could arrive. So that a side that stops
 * cannot hold the other forever, a record also expires when its own side has passed its expiry by
 * {@code maxDelay}: a stalled label stream keeps predictions twice the max delay, not without bound. A
 * record finds the entries that had not expired before it came.
 *
 * <p>Each prediction and label is counted once in {@link GroundTruthMetrics}: see its {@link Result}s. A
 * label without a waiting prediction is an <em>orphan</em> when it could not be joined any more: its
 * prediction, no later than the label, would have expired already, or the label itself would expire at once;
 * otherwise it waits as an early label. A prediction that comes after its own expiry time joins a label
 * waiting for it, else is counted expired at once. A prediction is a duplicate when one of the same id
 * waits, stored since the segment before the predictions' time or since its own time (a retry or a
 * replay). Ids outside the {@link IdSample} are not stored and not counted here, on either side;
 * their predictions are still counted for the window's prediction count.
 */
public final class GroundTruthJoin implements Processor<String, In, String, Out>, In.Handler {
  static final String WAITING = "ground-truth-waiting";
  static final String EARLY = "ground-truth-early-labels";
  static final String TIME = "ground-truth-time";
  static final String COUNTS = "ground-truth-counts";
  static final String BUCKETS = "ground-truth-buckets";
  static final String NAMES = "ground-truth-names";
  /** How often the counts and outcomes of each window are handed to the aggregation. */
  static final Duration HAND_OVER = Duration.ofSeconds(1);
  /** The expiry buckets count an entry at most max-delay / this after its expiry time. */
  static final long BUCKETS_PER_MAX_DELAY = 1 << 16;
  /** The key of {@link JoinRecords.Progress} records, which belong to no version: {@link #TO_EVERY_TASK} sends them to every partition. */
  private static final String NO_VERSION = "";
  private static final byte[] CLOCK_ENTRY = new byte[0];
  private static final long CLOCK_STEPS_PER_SEGMENT = 16;
  /**
   * The partitioner of the join's output: {@link JoinRecords.Progress} to every partition, the rest by key
   * as Kafka Streams partitions by default.
   */
  static final StreamPartitioner<String, Out> TO_EVERY_TASK = Multicast.when(Out::toEveryTask);

  private final Windows windows;
  private final long maxDelayMs;
  private final long earlyWaitMs;
  private final long segmentMs;
  private final long waitingRetentionMs;
  private final long earlyRetentionMs;
  private final IdSample sample;
  private final PositiveClass positiveClass;
  private final GroundTruthMetrics metrics;
  private ProcessorContext<String, Out> context;
  private SegmentedStore waiting;
  private SegmentedStore early;
  private CompactEntries entries;
  private ExpiryBuckets waitingBuckets;
  private ExpiryBuckets earlyBuckets;
  private ExpiryBuckets earlyOutcomeBuckets;
  private BusinessOutcomeJoin business;
  private HeapStore<JoinStateKey, Long> time;
  private HeapStore<String, Counted> counted;
  /** The largest timestamp of a prediction, of a label; {@link Long#MIN_VALUE} before the first. */
  private long predictionTime;
  private long labelTime;
  /** Each side's expiry time before the record in process: the entries it may find had not expired then. */
  private long predictionsLiveAfter;
  private long labelsLiveAfter;
  /** The time of each store's clock entry; {@link Long#MIN_VALUE} before this task wrote one. */
  private long waitingClock = Long.MIN_VALUE;
  private long earlyClock = Long.MIN_VALUE;
  private long reported = Long.MIN_VALUE; // the prediction expiry time the aggregation was last told of
  private final long[] counts = new long[Result.values().length];
  /** The window key of the last record's window: most records fall in the same one as the last. */
  private String lastWindowKey;
  private String lastWindowModel;
  private String lastWindowVersion;
  private long lastWindowStart;
  private String owner;

  GroundTruthJoin(Windows windows, long maxDelayMs, long earlyWaitMs, IdSample sample, PositiveClass positiveClass,
      GroundTruthMetrics metrics) {
    this.windows = windows;
    this.maxDelayMs = maxDelayMs;
    this.earlyWaitMs = earlyWaitMs;
    this.segmentMs = JoinRetention.segment(maxDelayMs).toMillis();
    this.waitingRetentionMs = JoinRetention.waiting(maxDelayMs).toMillis();
    this.earlyRetentionMs = JoinRetention.early(maxDelayMs, earlyWaitMs).toMillis();
    this.sample = sample;
    this.positiveClass = positiveClass;
    this.metrics = metrics;
  }

  /**
   * Starts from the task's state alone: Kafka Streams calls this again on the same processor when it revives
   * a task after an aborted transaction, with the stores restored to the last commit, so nothing kept in a
   * field may survive from before (a clock time kept from an aborted transaction narrowed the lookups and
   * lost 4 labels of 1,217 in {@code ExactlyOnceCrashIntegrationTest}).
   */
  @Override
  public void init(ProcessorContext<String, Out> context) {
    this.context = context;
    this.waitingClock = Long.MIN_VALUE;
    this.earlyClock = Long.MIN_VALUE;
    this.reported = Long.MIN_VALUE;
    this.waiting = new SegmentedStore(context.<WindowStore<Long, byte[]>>getStateStore(WAITING), segmentMs);
    this.early = new SegmentedStore(context.<WindowStore<Long, byte[]>>getStateStore(EARLY), segmentMs);
    this.entries = new CompactEntries(new Names(context.getStateStore(NAMES)));
    HeapStore<String, long[]> buckets = context.getStateStore(BUCKETS);
    long granularity = Math.max(1, maxDelayMs / BUCKETS_PER_MAX_DELAY);
    this.waitingBuckets = new ExpiryBuckets(buckets, "prediction", granularity);
    this.earlyBuckets = new ExpiryBuckets(buckets, "label", granularity);
    this.earlyOutcomeBuckets = new ExpiryBuckets(buckets, "outcome", granularity);
    this.business = new BusinessOutcomeJoin(early, earlyOutcomeBuckets, entries, this::earlyLabel, this::count);
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

  /** Counts {@code n} results in the task's state (exactly once with it) and reports the new total. */
  private void count(Result r, long n) {
    if (n == 0) {
      return;
    }
    long total = counts[r.ordinal()] += n;
    time.put(new JoinStateKey.Count(r), total);
    metrics.counted(owner, r, total);
  }

  private void count(Result r) {
    count(r, 1);
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
    predictionsLiveAfter = predictionsExpireThrough();
    labelsLiveAfter = labelsExpireThrough();
    record.value().deliver(record, this);
    expire();
  }

  @Override
  public void prediction(Pending p, Record<String, In> record) {
    predictionTime = advance(JoinStateKey.Time.PREDICTIONS, predictionTime, record.timestamp());
    String id = record.key();
    boolean sampled = sample.contains(id);
    long key = sampled ? PredictionKey.of(id) : 0L;
    boolean duplicate = sampled && waitingSince(key, storeTime(p.timeMs()));
    // a duplicate counts among the window's predictions, like every valid one, but not among those sampled,
    // so that it does not lower the coverage
    Counted c = counted(p);
    c.add(sampled && !duplicate, p.score());
    if (duplicate) {
      count(Result.DUPLICATE_PREDICTION);
    }
    if (!sampled || duplicate) {
      return;
    }
    long t = storeTime(p.timeMs());
    boolean expired = !live(t, maxDelayMs, predictionsExpireThrough());
    SegmentedStore.Found label = earlyBuckets.unresolved() > 0 ? earlyLabel(key) : null;
    long bits = business.joinedBefore(key, p, c);
    long slot = waiting.slot(predictionTime);
    if (label == null) {
      if (expired) {
        count(Result.EXPIRED); // its label can no longer come, or came and expired waiting
      } else {
        waiting.put(key, entries.prediction(p, t, slot, bits), slot);
        waitingBuckets.stored(t);
      }
      return;
    }
    early.replace(key, null, label.slot());
    earlyBuckets.resolved(label.timeMs());
    if (!expired) { // kept, joined, so that another label is a duplicate and outcomes still find it
      waiting.put(key, entries.joined(p, t, slot, bits), slot);
    }
    c.add(p.outcome(entries.label(label.entry(), label.slot())), positiveClass);
    count(Result.EARLY_MATCHED);
  }


  @Override
  public void label(Label label, Record<String, In> record) {
    labelTime = advance(JoinStateKey.Time.LABELS, labelTime, record.timestamp());
    String id = record.key();
    if (!sample.contains(id)) {
      return;
    }
    long key = PredictionKey.of(id);
    SegmentedStore.Found p = waitingPrediction(key);
    if (p != null) {
      Pending pending = entries.prediction(p.entry(), p.slot());
      byte[] entry = label.hasTruth() ? truth(label, p, pending) : p.entry();
      if (!label.outcomes().isEmpty()) {
        entry = business.add(label, entry, pending, this::counted);
      }
      if (entry != p.entry()) {
        waiting.replace(key, entry, p.slot());
      }
      return;
    }
    boolean orphan = !live(label.timeMs(), maxDelayMs, predictionsExpireThrough())
        || !live(label.timeMs(), earlyWaitMs, labelsExpireThrough());
    if (label.hasTruth()) {
      earlyTruth(key, label, orphan);
    }
    if (!label.outcomes().isEmpty()) {
      business.waitFor(key, label, orphan, early.slot(labelTime));
    }
  }

  /** The entry of waiting prediction {@code p} after its label: joined, its outcome counted; as it was if joined already. */
  private byte[] truth(Label label, SegmentedStore.Found p, Pending pending) {
    if (CompactEntries.joined(p.entry())) {
      count(Result.DUPLICATE);
      return p.entry();
    }
    waitingBuckets.resolved(p.timeMs());
    counted(pending).add(pending.outcome(label), positiveClass);
    count(Result.MATCHED);
    return CompactEntries.asJoined(p.entry());
  }


  /** A label without a waiting prediction: a duplicate of an early one, an orphan, or an early label that waits. */
  private void earlyTruth(long key, Label label, boolean orphan) {
    if (earlyBuckets.unresolved() > 0 && earlyLabel(key) != null) {
      count(Result.DUPLICATE);
    } else if (orphan) {
      count(Result.ORPHAN);
    } else {
      long l = storeTime(label.timeMs());
      long slot = early.slot(labelTime);
      early.put(key, entries.label(label, l, slot), slot);
      earlyBuckets.stored(l);
    }
  }


  /** Whether an entry at {@code timeMs} expiring {@code afterMs} later is live at its side's expiry time {@code through}. */
  private static boolean live(long timeMs, long afterMs, long through) {
    return expiry(timeMs, afterMs) > through;
  }

  /**
   * Whether a prediction of {@code key} that had not expired before this record waits in a segment from the
   * one before the predictions' time's back to the one of its own time {@code t}: a retry comes right after
   * the first, and a replay carries the first's time, which was stored no earlier than the segment of
   * {@code t}; so a live prediction looks into one or two segments, a replayed one as far back as it
   * must, never all of them.
   */
  private boolean waitingSince(long key, long t) {
    long oldest = Math.min(minus(predictionTime, segmentMs), t);
    oldest = Math.max(oldest, minus(predictionTime, waitingRetentionMs));
    return waiting.newest(key, oldest, predictionTime, minus(predictionsLiveAfter, maxDelayMs - 1)) != null;
  }

  /** The prediction of {@code key} that had not expired before this record, the newest if several; null if none. */
  private SegmentedStore.Found waitingPrediction(long key) {
    long oldest = minus(Math.max(predictionTime, waitingClock), waitingRetentionMs);
    return waiting.newest(key, oldest, predictionTime, minus(predictionsLiveAfter, maxDelayMs - 1));
  }

  /** The early label of {@code key} that had not expired before this record, the newest if several; null if none. */
  private SegmentedStore.Found earlyLabel(long key) {
    long oldest = minus(Math.max(labelTime, earlyClock), earlyRetentionMs);
    return early.newest(key, oldest, labelTime, minus(labelsLiveAfter, earlyWaitMs - 1));
  }

  /** Store times are clamped at 0, where the stores' segments begin; event times are later. */
  private static long storeTime(long timeMs) {
    return Math.max(0L, timeMs);
  }


  /**
   * The counts and outcomes of the prediction's window not handed over yet, marked changed: handed over in
   * one record per window every {@link #HAND_OVER}, kept in a logged store until then, exactly-once with the
   * input's offsets.
   */
  private Counted counted(Pending p) {
    long start = windows.start(p.timeMs());
    String key = lastWindowKey;
    if (start != lastWindowStart || !p.model().equals(lastWindowModel) || !p.version().equals(lastWindowVersion)) {
      key = PerformanceAggregator.windowKey(p.model(), p.version(), start);
      lastWindowKey = key;
      lastWindowModel = p.model();
      lastWindowVersion = p.version();
      lastWindowStart = start;
    }
    Counted c = counted.get(key);
    if (c == null) {
      c = new Counted(p.model(), p.version(), start);
      counted.put(key, c);
    } else {
      counted.markDirty(key);
    }
    return c;
  }

  /**
   * Hands the counts and outcomes over, then tells every aggregation task how far predictions have expired
   * here: after the counts and outcomes of those predictions, on each partition. Moves the stores' clocks.
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
    waitingClock = clock(waiting, waitingClock, through, waitingRetentionMs);
    earlyClock = clock(early, earlyClock, labelsExpireThrough(), earlyRetentionMs);
  }

  /**
   * Moves a store's time to where its side has expired: a store drops a segment once its time has passed the
   * segment by the store's retention, and its time is the largest it was written at. The clock entry, at
   * {@code through + maxDelay} (never earlier than the side's own largest time, which expires at most
   * max-delay behind it), makes that {@code through - afterMs}: the entries the side has expired. It moves in
   * steps of a sixteenth of a segment at least (a store drops whole segments anyway), so that it costs a few
   * changelog records per segment, not two a second; the previous clock entry is deleted while its segment is
   * still there.
   */
  private long clock(SegmentedStore store, long previous, long through, long retentionMs) {
    if (through == Long.MIN_VALUE) {
      return previous;
    }
    long at = storeTime(through + maxDelayMs);
    if (at <= previous || (previous != Long.MIN_VALUE && at - previous < segmentMs / CLOCK_STEPS_PER_SEGMENT)) {
      return previous;
    }
    store.clock(at, CLOCK_ENTRY);
    if (previous != Long.MIN_VALUE && at - previous < retentionMs / 2) {
      store.clock(previous, null);
    }
    store.forgetBefore(at, retentionMs);
    return at;
  }

  /** Counts the entries of each side whose expiry time has come and that were never joined. */
  private void expire() {
    count(Result.EXPIRED, waitingBuckets.expire(predictionsExpireThrough(), maxDelayMs));
    count(Result.EARLY_EXPIRED, earlyBuckets.expire(labelsExpireThrough(), earlyWaitMs));
    count(Result.OUTCOME_EARLY_EXPIRED, earlyOutcomeBuckets.expire(labelsExpireThrough(), earlyWaitMs));
  }

  /** Expiry times are clamped at 0, as store times are. */
  private static long expiry(long timeMs, long afterMs) {
    return Math.max(0L, timeMs + afterMs);
  }
}
