package dev.pqp.stream.drift;

import static dev.pqp.topology.store.ProcessorStores.owning;
import static dev.pqp.topology.store.ProcessorStores.rocks;

import dev.pqp.config.Analysis;
import dev.pqp.config.PqpConfig;
import dev.pqp.drift.DriftEvaluator;
import dev.pqp.event.ModelEvent;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.export.WindowOutputs;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.stream.Windows;
import dev.pqp.topology.store.HeapStoreBuilder;
import dev.pqp.topology.store.KeyCodec;
import dev.pqp.topology.store.ValueCodec;
import dev.pqp.window.WindowEvaluator;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/**
 * The drift slice, as the topology wires it: stage 1 ({@link PartialProfiler}, per input partition) sends
 * {@link StageOne} messages through one repartition topic to stage 2 ({@link WindowFinalizer}, per model),
 * which emits one {@link FinalizedWindow} per version's window. Each stage comes with the stores it owns.
 */
public final class DriftStream {
  /** The global table of published reference profiles, read by both stages. */
  public static final String REFERENCE_STORE = ReferenceLookup.STORE;
  /** Stage 2's summaries of recent windows, read by interactive queries for the status page. */
  public static final String STATUS_STORE = StatusHistory.STORE;
  /** The serde of the partials repartition topic. */
  public static final Serde<StageOne> PARTIALS = StageOneCodec.SERDE;
  /** The partitioner of the partials: task ticks to every stage-2 task, the rest by model. */
  public static final StreamPartitioner<String, StageOne> PARTIALS_PARTITIONER = PartialProfiler.TASK_TICKS_TO_EVERY_TASK;

  private DriftStream() {}

  /** Stage 1: profiles predictions and feature logs per (model, version, window) of its partition. */
  public static ProcessorSupplier<byte[], ModelEvent, String, StageOne> stage1(PqpConfig config, PipelineMetrics metrics) {
    Analysis a = config.analysis();
    Windows windows = Windows.of(config.windowSize(), config.windowGrace());
    return owning(
        () -> new PartialProfiler(windows, a.profile(), a.drift().bins(), a.idleFlush().toMillis(),
            a.forgetAfter().toMillis(), metrics),
        new HeapStoreBuilder<>(PartialProfiler.STORE, WindowKey.CODEC, VersionState.PROFILE_CODEC, true),
        new HeapStoreBuilder<>(PartialProfiler.PROGRESS_STORE, ProgressKey.CODEC, ValueCodec.LONG, false));
  }

  /**
   * Stage 2: merges the partials of {@code sources} stage-1 tasks and finalizes each window once they all
   * passed it; results go to {@code outputs} (gauges) and downstream (records).
   */
  public static ProcessorSupplier<String, StageOne, String, FinalizedWindow> stage2(PqpConfig config,
      WindowOutputs outputs, PipelineMetrics metrics, int sources) {
    Stage2Settings settings = Stage2Settings.of(config, sources);
    DriftEvaluator drift = new DriftEvaluator(config.analysis().drift());
    WindowEvaluator evaluator = new WindowEvaluator(drift);
    NullWarmer nulls = new NullWarmer(drift, settings.profileConfig().kllK());
    return owning(
        () -> new WindowFinalizer(settings, evaluator, nulls, outputs, metrics),
        new HeapStoreBuilder<>(WindowFinalizer.WINDOWS, WindowKey.CODEC, VersionState.PROFILE_CODEC, true),
        new HeapStoreBuilder<>(WindowFinalizer.MODELS, KeyCodec.STRING, ModelState.CODEC, true),
        new HeapStoreBuilder<>(WindowFinalizer.VERSIONS, VersionKey.CODEC, VersionState.CODEC, true),
        rocks(ProfileHistory.STORE, Serdes.Bytes(), Serdes.ByteArray()),
        rocks(StatusHistory.STORE, Serdes.Bytes(), Serdes.ByteArray()));
  }
}
