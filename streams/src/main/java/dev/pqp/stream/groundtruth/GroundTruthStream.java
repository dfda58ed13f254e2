package dev.pqp.stream.groundtruth;

import static dev.pqp.topology.store.ProcessorStores.owning;
import static dev.pqp.topology.store.ProcessorStores.segmented;

import dev.pqp.config.GroundTruthSettings;
import dev.pqp.config.PqpConfig;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Prediction;
import dev.pqp.export.ActionMetrics;
import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.export.PerformanceGauges;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.stream.Windows;
import dev.pqp.stream.groundtruth.JoinRecords.In;
import dev.pqp.stream.groundtruth.JoinRecords.Out;
import dev.pqp.topology.store.HeapStoreBuilder;
import dev.pqp.topology.store.KeyCodec;
import dev.pqp.topology.store.ValueCodec;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.KeyValueMapper;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The ground-truth slice, as the topology wires it: predictions and labels keyed by prediction_id
 * ({@link In}) go into the join ({@link GroundTruthJoin}), whose {@link Out} messages, keyed by
 * {@code model/version}, go through one repartition topic into the performance aggregation
 * ({@link PerformanceAggregator}), which emits {@code ml.quality.performance} records. Each processor
 * comes with the stores it owns.
 */
public final class GroundTruthStream {
  /** The serde of the join's input (and of its repartition topics when not co-partitioned). */
  public static final Serde<In> JOIN_IN = JoinCodec.IN;
  /** The serde of the outcomes repartition topic. */
  public static final Serde<Out> JOIN_OUT = JoinCodec.OUT;
  /** The partitioner of the outcomes: progress to every aggregation task, the rest by version. */
  public static final StreamPartitioner<String, Out> OUTCOMES_PARTITIONER = GroundTruthJoin.TO_EVERY_TASK;

  private GroundTruthStream() {}

  /** A prediction as the join keeps it, keyed by its id. */
  public static KeyValue<String, In> byId(Prediction p) {
    return KeyValue.pair(p.predictionId(), JoinRecords.Pending.of(p));
  }

  /** A label as the join keeps it, keyed by its prediction's id. */
  public static KeyValue<String, In> byId(GroundTruth g) {
    return KeyValue.pair(g.predictionId(), JoinRecords.Label.of(g));
  }

  /**
   * Predictions keyed by their id, read without repartitioning: {@code misrouted} runs for each whose record
   * key is not its id, so that it may sit in another partition than its label.
   */
  public static KeyValueMapper<byte[], Prediction, KeyValue<String, In>> predictionsById(Runnable misrouted) {
    return (key, p) -> {
      if (!keyedBy(key, p.predictionId())) {
        misrouted.run();
      }
      return byId(p);
    };
  }

  /** Labels keyed by their prediction's id, read without repartitioning: {@code misrouted} as for predictions. */
  public static KeyValueMapper<byte[], GroundTruth, KeyValue<String, In>> labelsById(Runnable misrouted) {
    return (key, g) -> {
      if (!keyedBy(key, g.predictionId())) {
        misrouted.run();
      }
      return byId(g);
    };
  }

  /** Whether {@code key} is the UTF-8 of {@code id}: compared in place for ASCII ids, which most are. */
  static boolean keyedBy(byte[] key, String id) {
    if (key == null) {
      return false;
    }
    int n = id.length();
    if (key.length != n) {
      return n < key.length && java.util.Arrays.equals(key, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c >= 0x80 || key[i] != (byte) c) {
        return c >= 0x80 && java.util.Arrays.equals(key, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return true;
  }

  /** The join by prediction_id, its results counted in {@code counts}. */
  public static ProcessorSupplier<String, In, String, Out> join(PqpConfig config, GroundTruthMetrics counts) {
    GroundTruthSettings gt = config.analysis().groundTruth();
    Windows windows = Windows.of(config.windowSize(), config.windowGrace());
    IdSample sample = new IdSample(gt.sampleRate());
    long maxDelay = gt.maxDelay().toMillis();
    long earlyWait = gt.earlyWait().toMillis();
    PositiveClass positive = new PositiveClass(gt.positiveLabels());
    return owning(() -> new GroundTruthJoin(windows, maxDelay, earlyWait, sample, positive, counts),
        segmented(GroundTruthJoin.WAITING, JoinRetention.waiting(maxDelay), JoinRetention.segment(maxDelay),
            Serdes.Long(), Serdes.ByteArray()),
        segmented(GroundTruthJoin.EARLY, JoinRetention.early(maxDelay, earlyWait),
            JoinRetention.segment(maxDelay), Serdes.Long(), Serdes.ByteArray()),
        // same name and bytes as the RocksDB store it replaces (UTF-8 keys, 8-byte big-endian longs)
        new HeapStoreBuilder<>(GroundTruthJoin.TIME, JoinStateKey.CODEC, ValueCodec.LONG, true),
        new HeapStoreBuilder<>(GroundTruthJoin.COUNTS, KeyCodec.STRING, JoinCodec.COUNTED_CODEC, true),
        new HeapStoreBuilder<>(GroundTruthJoin.BUCKETS, KeyCodec.STRING, ExpiryBuckets.CODEC, true),
        new HeapStoreBuilder<>(GroundTruthJoin.NAMES, KeyCodec.STRING, ValueCodec.LONG, true));
  }

  /** The performance per version and window, shown on {@code gauges} and emitted as records. */
  public static ProcessorSupplier<String, Out, String, SpecificRecordBase> aggregation(PqpConfig config,
      PerformanceGauges gauges, ActionMetrics actions) {
    GroundTruthSettings gt = config.analysis().groundTruth();
    Windows windows = Windows.of(config.windowSize(), config.windowGrace());
    var settings = new PerformanceAggregator.Settings(windows, gt.maxDelay().toMillis(), gt.emitInterval(),
        gt.sampleRate(), gt.minLabels(), new PositiveClass(gt.positiveLabels()), gt.horizons(), gt.estimateMinLabels(),
        config.analysis().accuracyDrop(), config.analysis().forgetAfter().toMillis());
    return owning(() -> new PerformanceAggregator(settings, gauges, actions),
        new HeapStoreBuilder<>(PerformanceAggregator.WINDOWS, KeyCodec.STRING, PerformanceWindow.CODEC, true),
        new HeapStoreBuilder<>(PerformanceAggregator.TIME, AggregationKey.CODEC, ValueCodec.LONG, true),
        new HeapStoreBuilder<>(AccuracyActions.STORE, KeyCodec.STRING, AccuracyActionsCodec.CODEC, true));
  }
}
