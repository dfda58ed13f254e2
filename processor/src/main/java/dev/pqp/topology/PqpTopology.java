package dev.pqp.topology;

import dev.pqp.config.Analysis;
import dev.pqp.config.GroundTruthSettings;
import dev.pqp.config.PqpConfig;
import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.ModelEvent;
import dev.pqp.event.Prediction;
import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.export.PerformanceGauges;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.drift.DriftEvaluator;
import dev.pqp.export.CardinalityGuard;
import dev.pqp.export.DriftMetrics;
import dev.pqp.export.FinalizationMetrics;
import dev.pqp.export.WindowMetrics;
import dev.pqp.export.WindowOutputs;
import dev.pqp.export.OutputSerializer;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.topology.store.HeapStoreBuilder;
import dev.pqp.topology.store.KeyCodec;
import dev.pqp.window.WindowEvaluator;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serializer;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds pqp's {@link Topology} from the config: wiring only. Inputs are read as bytes and decoded; bad
 * records go to the dead-letter topic; predictions and feature logs are profiled per partition (stage 1),
 * repartitioned by (model, version) and finalized per window (stage 2) into the derived topics. Every
 * instance reads the reference topic as a global table.
 */
public final class PqpTopology {
  public static final String REFERENCE_STORE = "reference-profiles";
  /**
   * Stage 2's store of the recent windows' summaries ({@link dev.pqp.status.WindowSummary}, keyed by
   * version and window), read by interactive queries for the status page.
   */
  public static final String STATUS_STORE = StatusHistory.STORE;

  private PqpTopology() {}

  /**
   * Everything the topology needs besides the config. {@code inputPartitions} is the number of stage-1
   * tasks (the most partitions among the input topics): stage 2 closes a window by stream time only when
   * all of them passed it. {@code performance} is bound to the registry of {@code metrics} when the
   * ground-truth join is enabled.
   */
  public record Dependencies(PipelineMetrics metrics, WindowOutputs outputs, CardinalityGuard guard,
      WriterSchemas writerSchemas, Serializer<SpecificRecordBase> registrySerializer, int inputPartitions,
      PerformanceGauges performance) {}

  /**
   * A topology with its own metrics objects on the registry of {@code metrics}, without a registry
   * serializer, for input topics of one partition (as in {@code TopologyTestDriver}).
   */
  public static Topology build(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas) {
    return build(config, metrics, writerSchemas, 1);
  }

  /** As above, for input topics whose partitions make {@code stage1Sources} stage-1 tasks. */
  public static Topology build(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas, int stage1Sources) {
    var limits = config.limits();
    WindowMetrics window = new WindowMetrics();
    window.bindTo(metrics.registry());
    FinalizationMetrics finalization = new FinalizationMetrics();
    finalization.bindTo(metrics.registry());
    return build(config, new Dependencies(metrics, new WindowOutputs(new DriftMetrics(metrics.registry()), window,
        finalization),
        new CardinalityGuard(limits.maxModels(), limits.maxVersionsPerModel(),
            config.analysis().staleAfter().toMillis(), metrics.registry()), writerSchemas, null, stage1Sources,
        new PerformanceGauges()));
  }

  public static Topology build(PqpConfig config, Dependencies deps) {
    StreamTopics topics = StreamTopics.of(config.topics(),
        new OutputSerializer(deps.registrySerializer(), config.outputFormat() == PqpConfig.OutputFormat.JSON));
    StreamsBuilder b = new StreamsBuilder();
    b.globalTable(topics.reference().name(), topics.reference().consumed("reference-source"),
        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(REFERENCE_STORE)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));

    // predictions and feature logs share stage 1; ground truth is a sub-topology of its own, so that a
    // stage-1 task does not wait on (or poll) a ground-truth partition it has nothing to do with
    KStream<byte[], Decoded<Prediction>> predictions =
        decoded(b, config, deps, topics.predictions(), EventType.PREDICTION, Prediction.class, VersionKey::of);
    KStream<byte[], Decoded<FeatureLog>> features =
        decoded(b, config, deps, topics.features(), EventType.FEATURES, FeatureLog.class, VersionKey::of);
    KStream<byte[], Decoded<GroundTruth>> truth =
        decoded(b, config, deps, topics.groundTruth(), EventType.GROUND_TRUTH, GroundTruth.class, e -> null);
    deadLetters(predictions, EventType.PREDICTION)
        .merge(deadLetters(features, EventType.FEATURES), Named.as("merge-dead-letters"))
        .to(topics.deadLetter().name(), topics.deadLetter().produced("events-dead-letter-sink"));
    deadLetters(truth, EventType.GROUND_TRUTH)
        .to(topics.deadLetter().name(), topics.deadLetter().produced("ground-truth-dead-letter-sink"));

    if (config.analysis().groundTruth().enabled()) {
      groundTruth(config, deps, topics,
          predictions.flatMapValues(Decoded::events, Named.as("truth-predictions")),
          truth.flatMapValues(Decoded::events, Named.as("truth-events")))
          .to(topics.performance().name(), topics.performance().produced("performance-sink"));
    }
    KStream<byte[], ModelEvent> profiled = predictions.<ModelEvent>flatMapValues(Decoded::events, Named.as("route-profiled"))
        .merge(features.<ModelEvent>flatMapValues(Decoded::events, Named.as("features-profiled")),
            Named.as("merge-features"));
    KStream<String, FinalizedWindow> finalized = profiled
        .process(stage1(config, deps), Named.as("stage1-profile"))
        .repartition(topics.partials().repartitioned(PartialProfiler.TASK_TICKS_TO_EVERY_TASK))
        .process(stage2(config, deps), Named.as("stage2-finalize"));
    finalized.flatMapValues(FinalizedWindow::featureDrift, Named.as("feature-drift-record"))
        .to(topics.featureDrift().name(), topics.featureDrift().produced("feature-drift-sink"));
    finalized.mapValues(FinalizedWindow::modelWindow, Named.as("model-window-record"))
        .to(topics.modelWindow().name(), topics.modelWindow().produced("model-window-sink"));
    finalized.map((k, w) -> KeyValue.pair(w.profileKey(), w.profile()), Named.as("profile-bytes"))
        .to(topics.profiles().name(), topics.profiles().produced("profiles-sink"));
    return b.build();
  }

  /**
   * The ground-truth join and the performance it feeds: valid predictions (projected) and labels, keyed by
   * prediction_id and repartitioned by it unless the topics are already co-partitioned that way, merged
   * into the join; its outcomes and prediction counts repartitioned by model/version into the aggregation.
   */
  private static KStream<String, dev.pqp.schema.Performance> groundTruth(PqpConfig config, Dependencies deps,
      StreamTopics topics, KStream<byte[], Prediction> events, KStream<byte[], GroundTruth> labels) {
    GroundTruthSettings gt = config.analysis().groundTruth();
    KStream<String, JoinRecords.In> predictions = events.map(
        (k, p) -> KeyValue.<String, JoinRecords.In>pair(p.predictionId(), JoinRecords.Pending.of(p)),
        Named.as("truth-project-predictions"));
    KStream<String, JoinRecords.In> truths = labels.map(
        (k, g) -> KeyValue.<String, JoinRecords.In>pair(g.predictionId(), JoinRecords.Label.of(g)),
        Named.as("truth-project-labels"));
    if (!gt.copartitioned()) {
      predictions = predictions.repartition(topics.predictionsById().repartitioned());
      truths = truths.repartition(topics.labelsById().repartitioned());
    }
    Windows windows = Windows.of(config.windowSize(), config.windowGrace());
    GroundTruthMetrics counts = new GroundTruthMetrics();
    counts.bindTo(deps.metrics().registry());
    PerformanceGauges gauges = deps.performance();
    gauges.bindTo(deps.metrics().registry());
    IdSample sample = new IdSample(gt.sampleRate());
    var aggregation = new PerformanceAggregator.Settings(windows, gt.maxDelay().toMillis(), gt.emitInterval(),
        gt.sampleRate(), gt.minLabels(), new PositiveClass(gt.positiveLabels()), gt.horizons(), gt.estimateMinLabels(),
        gauges);
    return predictions.merge(truths, Named.as("truth-merge"))
        .process(supplier(() -> new GroundTruthJoin(windows, gt.maxDelay().toMillis(), gt.earlyWait().toMillis(), sample, counts),
            rocks(GroundTruthJoin.PENDING, Serdes.String(), JoinRecords.PENDING),
            rocks(GroundTruthJoin.EARLY, Serdes.String(), JoinRecords.LABELS),
            rocks(GroundTruthJoin.INDEX, Serdes.Bytes(), Serdes.ByteArray()),
            // same name and bytes as the RocksDB store it replaces (UTF-8 keys, 8-byte big-endian longs)
            new HeapStoreBuilder<>(GroundTruthJoin.TIME, KeyCodec.STRING, VersionState.LONG_CODEC, true),
            new HeapStoreBuilder<>(GroundTruthJoin.COUNTS, KeyCodec.STRING, JoinRecords.COUNTED_CODEC, true)),
            Named.as("truth-join"))
        .repartition(topics.outcomes().repartitioned(GroundTruthJoin.TO_EVERY_TASK))
        .process(supplier(() -> new PerformanceAggregator(aggregation),
            new HeapStoreBuilder<>(PerformanceAggregator.WINDOWS, KeyCodec.STRING, PerformanceWindow.CODEC, true),
            new HeapStoreBuilder<>(PerformanceAggregator.TIME, KeyCodec.STRING, VersionState.LONG_CODEC, true)),
            Named.as("performance-aggregate"));
  }

  private static <K, V> StoreBuilder<KeyValueStore<K, V>> rocks(String name, Serde<K> keys, Serde<V> values) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
        .withCachingDisabled().withLoggingEnabled(Map.of());
  }

  /** The rejected records of one input, with their original key, value and headers. */
  private static <E extends Event> KStream<byte[], byte[]> deadLetters(KStream<byte[], Decoded<E>> decoded,
      EventType type) {
    return decoded.flatMapValues(Decoded::deadLetters, Named.as(type.label() + "-dead-letters"));
  }

  private static <E extends Event> KStream<byte[], Decoded<E>> decoded(StreamsBuilder b, PqpConfig config,
      Dependencies deps, Topic<byte[], byte[]> topic, EventType type, Class<E> events,
      Function<? super E, VersionKey> versionOf) {
    return b.stream(topic.name(), topic.consumed(type.label() + "-source"))
        .process(() -> new DecodeProcessor<>(() -> new EventDecoder(type, config.limits(), deps.writerSchemas()), events,
            versionOf, deps.metrics(), deps.guard()), Named.as(type.label() + "-decode"));
  }

  private static ProcessorSupplier<byte[], ModelEvent, String, StageOne> stage1(PqpConfig config, Dependencies deps) {
    Analysis a = config.analysis();
    Windows windows = Windows.of(config.windowSize(), config.windowGrace());
    return supplier(
        () -> new PartialProfiler(windows, a.profile(), a.drift().bins(), a.idleFlush().toMillis(),
            a.forgetAfter().toMillis(), deps.metrics()),
        new HeapStoreBuilder<>(PartialProfiler.STORE, WindowKey.CODEC, VersionState.PROFILE_CODEC, true),
        new HeapStoreBuilder<>(PartialProfiler.PROGRESS_STORE, KeyCodec.STRING, VersionState.LONG_CODEC, false));
  }

  private static ProcessorSupplier<String, StageOne, String, FinalizedWindow> stage2(PqpConfig config, Dependencies deps) {
    Analysis a = config.analysis();
    Windows windows = Windows.of(config.windowSize(), config.windowGrace());
    WindowFinalizer.Settings settings = new WindowFinalizer.Settings(windows, a.profile(),
        new WindowEvaluator(new DriftEvaluator(a.drift())), a.autoWindows(), a.drift().bins(), a.idleFlush().toMillis(),
        a.staleAfter().toMillis(), a.profileRetention().toMillis(), a.forgetAfter().toMillis(), deps.inputPartitions(),
        a.comparisons(),
        deps.outputs(), deps.metrics(), config.status().windows());
    return supplier(
        () -> new WindowFinalizer(settings),
        new HeapStoreBuilder<>(WindowFinalizer.WINDOWS, WindowKey.CODEC, VersionState.PROFILE_CODEC, true),
        new HeapStoreBuilder<>(WindowFinalizer.MODELS, KeyCodec.STRING, ModelState.CODEC, true),
        new HeapStoreBuilder<>(WindowFinalizer.VERSIONS, VersionKey.CODEC, VersionState.CODEC, true),
        rocks(ProfileHistory.STORE, Serdes.Bytes(), Serdes.ByteArray()),
        rocks(StatusHistory.STORE, Serdes.Bytes(), Serdes.ByteArray()));
  }

  private static <KI, VI, KO, VO> ProcessorSupplier<KI, VI, KO, VO> supplier(
      java.util.function.Supplier<Processor<KI, VI, KO, VO>> processors, StoreBuilder<?>... stores) {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<KI, VI, KO, VO> get() {
        return processors.get();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(stores);
      }
    };
  }
}
