package dev.pqp.topology;

import dev.pqp.config.PqpConfig;
import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.ModelEvent;
import dev.pqp.event.Prediction;
import dev.pqp.export.ActionMetrics;
import dev.pqp.export.CardinalityGuard;
import dev.pqp.export.ComparisonMetrics;
import dev.pqp.export.CopartitionMetrics;
import dev.pqp.export.DriftMetrics;
import dev.pqp.export.FinalizationMetrics;
import dev.pqp.export.GroundTruthMetrics;
import dev.pqp.export.OutputSerializer;
import dev.pqp.export.PerformanceGauges;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.export.WindowMetrics;
import dev.pqp.export.WindowOutputs;
import dev.pqp.schema.Action;
import dev.pqp.schema.VersionComparison;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.stream.Outputs;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.action.ActionStream;
import dev.pqp.stream.comparison.ComparisonStream;
import dev.pqp.stream.comparison.WindowCounts;
import dev.pqp.stream.drift.DriftStream;
import dev.pqp.stream.drift.FinalizedWindow;
import dev.pqp.stream.groundtruth.GroundTruthStream;
import dev.pqp.stream.groundtruth.JoinRecords;
import dev.pqp.stream.ingest.DecodeProcessor;
import dev.pqp.stream.ingest.Decoded;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Builds pqp's {@link Topology} from the config: wiring only. Inputs are read as bytes and decoded; bad
 * records go to the dead-letter topic; predictions and feature logs are profiled per partition (stage 1),
 * repartitioned by model and finalized per window (stage 2) into the derived topics. Every
 * instance reads the reference topic as a global table.
 */
public final class PqpTopology {
  /**
   * Stage 2's store of the recent windows' summaries ({@link dev.pqp.status.WindowSummary}, keyed by
   * version and window), read by interactive queries for the status page.
   */
  public static final String STATUS_STORE = DriftStream.STATUS_STORE;

  private PqpTopology() {}

  /**
   * Everything the topology needs besides the config. {@code inputPartitions} is the number of stage-1
   * tasks (the most partitions among the input topics): stage 2 closes a window by stream time only when
   * all of them passed it. {@code performance} is bound to the registry of {@code metrics} when the
   * ground-truth join is enabled.
   */
  public record Dependencies(PipelineMetrics metrics, WindowOutputs outputs, CardinalityGuard guard,
      WriterSchemas writerSchemas, Serializer<SpecificRecordBase> registrySerializer, int inputPartitions,
      PerformanceGauges performance, ActionMetrics actions, ComparisonMetrics comparisons) {

    /**
     * The one way the runtime and the tests build them: the window, finalization and drift metrics bound to
     * the registry of {@code metrics}, the cardinality guard from the config's limits; {@code registrySerializer}
     * null for single-object Avro or JSON output. The performance gauges are bound by the topology when the
     * ground-truth join is on.
     */
    public static Dependencies of(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas,
        Serializer<SpecificRecordBase> registrySerializer, int inputPartitions) {
      var limits = config.limits();
      var registry = metrics.registry();
      WindowMetrics window = new WindowMetrics();
      window.bindTo(registry);
      FinalizationMetrics finalization = new FinalizationMetrics();
      finalization.bindTo(registry);
      return new Dependencies(metrics,
          new WindowOutputs(new DriftMetrics(registry), window, finalization),
          new CardinalityGuard(limits.maxModels(), limits.maxVersionsPerModel(),
              config.analysis().staleAfter().toMillis(), registry),
          writerSchemas, registrySerializer, inputPartitions, new PerformanceGauges(), bound(new ActionMetrics(), registry),
          bound(new ComparisonMetrics(), registry));
    }

    private static <B extends io.micrometer.core.instrument.binder.MeterBinder> B bound(B binder,
        io.micrometer.core.instrument.MeterRegistry registry) {
      binder.bindTo(registry);
      return binder;
    }
  }

  /**
   * A topology with its own metrics objects on the registry of {@code metrics}, without a registry
   * serializer, for input topics of one partition (as in {@code TopologyTestDriver}).
   */
  /**
   * The internal topics through which the join reads predictions and labels when it repartitions them, as
   * Kafka Streams names them for {@code applicationId}.
   */
  public static java.util.List<String> joinRepartitionTopics(String applicationId) {
    return StreamTopics.joinRepartitionNames().stream().map(n -> applicationId + "-" + n + "-repartition").toList();
  }

  public static Topology build(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas) {
    return build(config, metrics, writerSchemas, 1);
  }

  /** As above, for input topics whose partitions make {@code stage1Sources} stage-1 tasks. */
  public static Topology build(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas, int stage1Sources) {
    return build(config, Dependencies.of(config, metrics, writerSchemas, null, stage1Sources));
  }

  public static Topology build(PqpConfig config, Dependencies deps) {
    StreamTopics topics = StreamTopics.of(config.topics(),
        new OutputSerializer(deps.registrySerializer(), config.outputFormat() == PqpConfig.OutputFormat.JSON));
    StreamsBuilder b = new StreamsBuilder();
    b.globalTable(topics.reference().name(), topics.reference().consumed("reference-source"),
        Materialized.<String, byte[], KeyValueStore<Bytes, byte[]>>as(DriftStream.REFERENCE_STORE)
            .withKeySerde(Serdes.String()).withValueSerde(Serdes.ByteArray()));

    // predictions and feature logs share stage 1; ground truth is a sub-topology of its own, so that a
    // stage-1 task does not wait on (or poll) a ground-truth partition it has nothing to do with
    KStream<byte[], Decoded<Prediction>> predictions =
        decoded(b, config, deps, topics.predictions(), EventType.PREDICTION, Prediction.class, VersionKey::of);
    KStream<byte[], Decoded<FeatureLog>> features =
        decoded(b, config, deps, topics.features(), EventType.FEATURES, FeatureLog.class, VersionKey::of);
    KStream<byte[], Decoded<GroundTruth>> truth =
        decoded(b, config, deps, topics.groundTruth(), EventType.GROUND_TRUTH, GroundTruth.class, e -> null);
    topics.deadLetter().write(deadLetters(predictions, EventType.PREDICTION)
        .merge(deadLetters(features, EventType.FEATURES), Named.as("merge-dead-letters")), "events-dead-letter-sink");
    topics.deadLetter().write(deadLetters(truth, EventType.GROUND_TRUTH), "ground-truth-dead-letter-sink");

    KStream<String, dev.pqp.schema.Performance> performance = null;
    if (config.analysis().groundTruth().enabled()) {
      performance = groundTruth(config, deps, topics,
          predictions.flatMapValues(Decoded::events, Named.as("truth-predictions")),
          truth.flatMapValues(Decoded::events, Named.as("truth-events")));
      topics.performance().write(performance, "performance-sink");
    }
    KStream<byte[], ModelEvent> profiled = predictions.<ModelEvent>flatMapValues(Decoded::events, Named.as("route-profiled"))
        .merge(features.<ModelEvent>flatMapValues(Decoded::events, Named.as("features-profiled")),
            Named.as("merge-features"));
    KStream<String, FinalizedWindow> finalized = profiled
        .process(DriftStream.stage1(config, deps.metrics()), Named.as("stage1-profile"))
        .repartition(topics.partials().repartitioned(DriftStream.PARTIALS_PARTITIONER))
        .process(DriftStream.stage2(config, deps.outputs(), deps.metrics(), deps.inputPartitions()),
            Named.as("stage2-finalize"));
    topics.featureDrift().write(finalized.flatMapValues(FinalizedWindow::featureDrift,
        Named.as("feature-drift-record")), "feature-drift-sink");
    topics.modelWindow().write(finalized.mapValues(FinalizedWindow::modelWindow, Named.as("model-window-record")),
        "model-window-sink");
    topics.profiles().write(finalized.map((k, w) -> KeyValue.pair(w.profileKey(), w.profile()),
        Named.as("profile-bytes")), "profiles-sink");
    actions(config, deps, topics, finalized);
    // last: turning comparisons on or off leaves the other sub-topologies' numbers
    comparisons(config, deps, topics, performance, finalized);
    return b.build();
  }

  /**
   * The ground-truth join and the performance it feeds: valid predictions (projected) and labels, keyed by
   * prediction_id and repartitioned by it unless the topics are already co-partitioned that way, merged
   * into the join; its outcomes and prediction counts repartitioned by model/version into the aggregation, whose
   * records are the performance records and the accuracy-drop action records.
   */
  private static KStream<String, dev.pqp.schema.Performance> groundTruth(PqpConfig config, Dependencies deps,
      StreamTopics topics, KStream<byte[], Prediction> events, KStream<byte[], GroundTruth> labels) {
    KStream<String, JoinRecords.In> predictions;
    KStream<String, JoinRecords.In> truths;
    if (config.analysis().groundTruth().copartitioned()) {
      CopartitionMetrics misrouted = new CopartitionMetrics(deps.metrics().registry());
      predictions = events.map(GroundTruthStream.predictionsById(misrouted.misrouted(EventType.PREDICTION.label())),
          Named.as("truth-project-predictions"));
      truths = labels.map(GroundTruthStream.labelsById(misrouted.misrouted(EventType.GROUND_TRUTH.label())),
          Named.as("truth-project-labels"));
    } else {
      predictions = events.map((k, p) -> GroundTruthStream.byId(p), Named.as("truth-project-predictions"))
          .repartition(topics.predictionsById().repartitioned());
      truths = labels.map((k, g) -> GroundTruthStream.byId(g), Named.as("truth-project-labels"))
          .repartition(topics.labelsById().repartitioned());
    }
    GroundTruthMetrics counts = new GroundTruthMetrics();
    counts.bindTo(deps.metrics().registry());
    deps.performance().bindTo(deps.metrics().registry());
    KStream<String, SpecificRecordBase> aggregated = predictions.merge(truths, Named.as("truth-merge"))
        .process(GroundTruthStream.join(config, counts), Named.as("truth-join"))
        .repartition(topics.outcomes().repartitioned(GroundTruthStream.OUTCOMES_PARTITIONER))
        .process(GroundTruthStream.aggregation(config, deps.performance(), deps.actions()), Named.as("performance-aggregate"));
    topics.actions().write(aggregated.flatMapValues(r -> Outputs.only(r, Action.class),
        Named.as("performance-action-records")), "performance-actions-sink");
    return aggregated.flatMapValues(r -> Outputs.only(r, dev.pqp.schema.Performance.class),
        Named.as("performance-records"));
  }

  /** The action episodes opened and cleared by each version's finalized windows, in stage 2's task. */
  private static void actions(PqpConfig config, Dependencies deps, StreamTopics topics,
      KStream<String, FinalizedWindow> finalized) {
    ActionMetrics metrics = deps.actions();
    topics.actions().write(finalized
        .mapValues(w -> ActionStream.window(w.modelWindow(), w.featureDrift()), Named.as("action-window"))
        .process(ActionStream.actions(config, metrics), Named.as("actions-episodes")), "actions-sink");
  }

  /**
   * The configured challengers held against their champions ({@code compare.versions}): the finalized windows' serving
   * counts and, with the ground-truth join ({@code performance} not null), the realized performance records,
   * repartitioned by model so that a model's versions meet in one task; nothing without comparisons.
   */
  private static void comparisons(PqpConfig config, Dependencies deps, StreamTopics topics,
      KStream<String, dev.pqp.schema.Performance> performance, KStream<String, FinalizedWindow> finalized) {
    var pairs = config.analysis().comparisons();
    if (pairs.isEmpty()) {
      return;
    }
    ComparisonMetrics metrics = deps.comparisons();
    // each input through a repartition topic of its own, merged in the comparison's sub-topology: merged before,
    // they would join stage 2's and the aggregation's sub-topologies into one
    KStream<String, WindowCounts> counts = finalized.flatMap((k, w) -> ComparisonStream.serving(w.modelWindow(), pairs),
        Named.as("comparison-serving")).repartition(topics.servingCounts().repartitioned());
    if (performance != null) {
      counts = performance
          .filter((k, p) -> ComparisonStream.usable(p, pairs), Named.as("comparison-realized"))
          .flatMap((k, p) -> ComparisonStream.byModel(p), Named.as("comparison-by-model"))
          .repartition(topics.comparisonCounts().repartitioned())
          .merge(counts, Named.as("comparison-merge"));
    }
    KStream<String, SpecificRecordBase> out = counts
        .process(ComparisonStream.comparisons(config, metrics, deps.actions()), Named.as("version-comparisons"));
    topics.actions().write(out.flatMapValues(r -> Outputs.only(r, Action.class),
        Named.as("comparison-action-records")), "comparison-actions-sink");
    topics.comparisons().write(out.flatMapValues(r -> Outputs.only(r, VersionComparison.class),
        Named.as("comparison-records")), "comparisons-sink");
  }

  /** The rejected records of one input, with their original key, value and headers. */
  private static <E extends Event> KStream<byte[], byte[]> deadLetters(KStream<byte[], Decoded<E>> decoded,
      EventType type) {
    return decoded.flatMapValues(Decoded::deadLetters, Named.as(type.label() + "-dead-letters"));
  }

  private static <E extends Event> KStream<byte[], Decoded<E>> decoded(StreamsBuilder b, PqpConfig config,
      Dependencies deps, Topic<byte[], byte[]> topic, EventType type, Class<E> events,
      Function<? super E, VersionKey> versionOf) {
    return topic.read(b, type.label() + "-source")
        .process(() -> new DecodeProcessor<>(() -> new EventDecoder(type, config.limits(), deps.writerSchemas()), events,
            versionOf, deps.metrics(), deps.guard()), Named.as(type.label() + "-decode"));
  }
}
