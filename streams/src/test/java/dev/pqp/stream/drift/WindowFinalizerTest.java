package dev.pqp.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.DriftSettings;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.export.DriftMetrics;
import dev.pqp.export.FinalizationMetrics;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.export.WindowMetrics;
import dev.pqp.export.WindowOutputs;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.stream.Windows;
import dev.pqp.topology.store.KeyCodec;
import dev.pqp.topology.store.TestHeapStores;
import dev.pqp.window.WindowEvaluator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stage 2 as a processor: partials and ticks of two stage-1 tasks in, one {@link FinalizedWindow} out per
 * finalized window, keyed {@code model/version}, stamped with the window's last millisecond, carrying the
 * records of every feature and the profile the profiles topic keeps. Windows of 10 s with 2 s grace.
 */
class WindowFinalizerTest {
  private static final long WALL = 1_700_000_000_000L;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private MockProcessorContext<String, FinalizedWindow> context;
  private WindowFinalizer finalizer;
  private DriftEvaluator drift;

  @BeforeEach
  void start() {
    context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(WALL);
    add(TestHeapStores.unlogged(WindowFinalizer.WINDOWS, WindowKey.CODEC, VersionState.PROFILE_CODEC));
    add(TestHeapStores.unlogged(WindowFinalizer.MODELS, KeyCodec.STRING, ModelState.CODEC));
    add(TestHeapStores.unlogged(WindowFinalizer.VERSIONS, VersionKey.CODEC, VersionState.CODEC));
    add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ProfileHistory.STORE), Serdes.Bytes(),
        Serdes.ByteArray()).withLoggingDisabled().build());
    add(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StatusHistory.STORE), Serdes.Bytes(),
        Serdes.ByteArray()).withLoggingDisabled().build());
    add(Stores.timestampedKeyValueStoreBuilder(Stores.inMemoryKeyValueStore(ReferenceLookup.STORE), Serdes.String(),
        Serdes.ByteArray()).withLoggingDisabled().build());
    WindowMetrics window = new WindowMetrics();
    window.bindTo(registry);
    FinalizationMetrics finalization = new FinalizationMetrics();
    finalization.bindTo(registry);
    Stage2Settings settings = new Stage2Settings(new Windows(10_000, 2_000), ProfileConfig.DEFAULT, 2, 10, 30_000,
        3_600_000, 90_000_000, 7 * 86_400_000L, 2, Map.of(), 5, 100);
    drift = new DriftEvaluator(DriftSettings.DEFAULT);
    finalizer = new WindowFinalizer(settings, new WindowEvaluator(drift),
        new NullWarmer(drift, ProfileConfig.DEFAULT.kllK()),
        new WindowOutputs(new DriftMetrics(registry), window, finalization), new PipelineMetrics(registry));
    finalizer.init(context);
  }

  private void add(StateStore store) {
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
  }

  private static WindowProfile profile(int predictions) {
    WindowProfile p = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = 0; i < predictions; i++) {
      p.add(new Prediction("p" + i, "m", "v1", 1_000 + i, Map.of("x", (double) i, "kind", i % 2 == 0 ? "a" : "b"),
          new Output(0.5, null, null, null), null, null, null, null), WALL, FeatureBounds.NONE);
    }
    return p;
  }

  private void send(StageOne message, long streamTime) {
    finalizer.process(new Record<>("m", message, streamTime));
  }

  @Test
  void shouldForwardOneFinalizedWindowWithItsRecordsAndProfileOnceBothSourcesPassedIt() {
    send(new StageOne.Partial(0, "v1", 0, profile(3)), 9_999);
    send(new StageOne.Partial(1, "v1", 0, profile(2)), 9_999);
    send(new StageOne.ModelTick(0, Map.of("v1", 1_002L), StageOne.NOT_FLUSHED), 12_000);
    assertThat(context.forwarded()).isEmpty();
    send(new StageOne.ModelTick(1, Map.of("v1", 1_001L), StageOne.NOT_FLUSHED), 12_000);

    assertThat(context.forwarded()).singleElement().satisfies(f -> {
      assertThat(f.record().key()).isEqualTo("m/v1");
      assertThat(f.record().timestamp()).isEqualTo(9_999);
      FinalizedWindow w = f.record().value();
      assertThat(w.modelWindow().getEventCount()).isEqualTo(5);
      assertThat(w.featureDrift()).extracting(d -> d.getFeatureName()).containsExactlyInAnyOrder("x", "kind");
      assertThat(w.profileKey()).isEqualTo("m/v1/0");
      assertThat(ProfileCodec.decode(w.profile()).eventCount()).isEqualTo(5);
    });
  }

  @Test
  void shouldCountALatePartialInsteadOfForwardingIt() {
    send(new StageOne.Partial(0, "v1", 0, profile(3)), 9_999);
    send(new StageOne.ModelTick(0, Map.of(), StageOne.NOT_FLUSHED), 12_000);
    send(new StageOne.ModelTick(1, Map.of(), StageOne.NOT_FLUSHED), 12_000);
    assertThat(context.forwarded()).hasSize(1);
    send(new StageOne.Partial(1, "v1", 0, profile(4)), 12_000);
    assertThat(context.forwarded()).hasSize(1);
    assertThat(registry.get(dev.pqp.export.PipelineMetrics.LATE_PARTIALS).counter().count()).isEqualTo(4);
  }

  /**
   * A published reference's null distributions are drawn in the background when its version's window opens, before
   * the window is evaluated (which runs inside a transaction): one per feature and grid size.
   */
  @Test
  void shouldDrawAReferencesNullsWhenItsFirstWindowOpens() throws InterruptedException {
    ReferenceBuilder builder = new ReferenceBuilder(ProfileConfig.DEFAULT);
    for (int i = 0; i < 5_000; i++) {
      builder.add(Map.of("x", (double) (i % 97), "kind", i % 3 == 0 ? "a" : "b"), new Output(0.5, null, null, null));
    }
    KeyValueStore<String, ValueAndTimestamp<byte[]>> references = context.getStateStore(ReferenceLookup.STORE);
    references.put(ReferenceProfile.topicKey("m", "v1"),
        ValueAndTimestamp.make(ReferenceCodec.encode(builder.build("training", "m", "v1", 0)), 0));
    assertThat(drift.nullsKept()).isZero();

    send(new StageOne.Partial(0, "v1", 0, profile(3)), 9_999);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (drift.nullsKept() < 2 * 9 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(drift.nullsKept()).as("x and kind at nine sizes").isEqualTo(2 * 9);
    assertThat(context.forwarded()).as("no window was evaluated").isEmpty();
  }
}
