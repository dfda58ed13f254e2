package dev.pqp.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.DriftSettings;
import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBounds;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.stream.Windows;
import dev.pqp.topology.store.MapTable;
import dev.pqp.window.VersionTotals;
import dev.pqp.window.WindowEvaluator;
import dev.pqp.window.WindowOutcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stage 2's core without Kafka: plain tables, an in-memory history, no references and a sink that records
 * what it is told. Windows of 10 s with 2 s grace, two stage-1 sources, an idle time of 30 s.
 */
class WindowCloserTest {
  private static final long WALL = 1_700_000_000_000L;
  private static final String MODEL = "m";
  private final MapTable<WindowKey, WindowProfile> open = new MapTable<>();
  private final MapTable<String, ModelState> models = new MapTable<>();
  private final MapTable<VersionKey, VersionState> versions = new MapTable<>();
  private final Map<WindowKey, byte[]> kept = new HashMap<>();
  private final Sink sink = new Sink();
  private Stage2Settings settings;
  private WindowCloser.History history;
  private WindowCloser closer;

  @BeforeEach
  void start() {
    settings = new Stage2Settings(new Windows(10_000, 2_000), ProfileConfig.DEFAULT, 2, 10, 30_000,
        3_600_000, 90_000_000, 7 * 86_400_000L, 2, Map.of(), 5, 100);
    history = new WindowCloser.History() {
      @Override
      public void keep(WindowKey key, byte[] encodedProfile) {
        kept.put(key, encodedProfile);
      }

      @Override
      public WindowProfile get(WindowKey key) {
        byte[] bytes = kept.get(key);
        return bytes == null ? null : ProfileCodec.decode(bytes);
      }

      @Override
      public void forget(VersionKey version) {
        kept.keySet().removeIf(k -> k.version().equals(version));
      }

      @Override
      public List<Long> latest(VersionKey version, long before, int max) {
        return kept.keySet().stream().filter(k -> k.version().equals(version) && k.start() < before)
            .map(WindowKey::start).sorted(java.util.Comparator.reverseOrder()).limit(max).toList();
      }
    };
    closer = closer(sink);
  }

  /** A stage 2 over this test's tables: a task started again on the same stores when called twice. */
  private WindowCloser closer(Sink to) {
    return closer(to, null);
  }

  private WindowCloser closer(Sink to, ReferenceProfile reference) {
    return new WindowCloser(settings, new WindowEvaluator(new DriftEvaluator(DriftSettings.DEFAULT)),
        new WindowCloser.State(open, models, versions, history, (version, now) -> reference), to);
  }

  private static WindowProfile profile(int predictions, long eventMs) {
    WindowProfile p = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = 0; i < predictions; i++) {
      p.add(new Prediction("p" + i, MODEL, "v1", eventMs, Map.of("x", (double) i), new Output(0.5, null, null, null),
          null, null, null, null), WALL, FeatureBounds.NONE);
    }
    return p;
  }

  private void partial(int source, long windowStart, int predictions, long streamTime) {
    closer.accept(MODEL, streamTime, new StageOne.Partial(source, "v1", windowStart, profile(predictions, windowStart)),
        WALL);
  }

  private void tick(int source, long streamTime) {
    closer.accept(MODEL, streamTime, new StageOne.ModelTick(source, Map.of("v1", streamTime), StageOne.NOT_FLUSHED),
        WALL);
  }

  @Test
  void shouldFinalizeAWindowOnceEverySourcePassedItsEndAndGraceWithThePartialsMerged() {
    partial(0, 0, 3, 9_999);
    partial(1, 0, 4, 9_999);
    tick(0, 12_500);
    assertThat(sink.finalized).as("source 1 has not passed 12 s").isEmpty();
    tick(1, 11_999);
    assertThat(sink.finalized).isEmpty();
    tick(1, 12_000);
    assertThat(sink.finalized).singleElement().satisfies(o -> {
      assertThat(o.eventCount()).isEqualTo(7);
      assertThat(o.modelVersion()).isEqualTo("v1");
    });
    assertThat(sink.windows).containsExactly(new WindowKey(new VersionKey(MODEL, "v1"), 0));
    assertThat(kept).containsOnlyKeys(new WindowKey(new VersionKey(MODEL, "v1"), 0));
    assertThat(open.map).isEmpty();
    assertThat(models.get(MODEL).lastFinalizedEnd).isEqualTo(10_000);
  }

  @Test
  void shouldCountAPartialOfAFinalizedWindowAsLateAndDropIt() {
    partial(0, 0, 3, 9_999);
    tick(0, 12_000);
    tick(1, 12_000);
    assertThat(sink.finalized).hasSize(1);
    partial(1, 0, 5, 12_000);
    assertThat(sink.late).isEqualTo(5);
    assertThat(open.map).isEmpty();
    assertThat(sink.finalized).hasSize(1);
  }

  /** News renews a version's freshness series; the first time since the start counts as news too. */
  @Test
  void shouldTellTheSinkOfANewestEventWhenItIsNewsOrTheFirstSinceTheStart() {
    tick(0, 5_000);
    tick(0, 5_000);
    tick(0, 5_000);
    tick(1, 6_000);
    assertThat(sink.newest).containsExactly("v1@5000", "v1@5000", "v1@6000");
  }

  /**
   * By the wall clock a window closes once the sources behind it are idle; a source that never sent anything
   * of the model is judged by its task ticks. Release 0.2 sent those as model ticks keyed by no model.
   */
  @Test
  void shouldCloseByTheWallClockOnlyWithTheTaskTickOfTheSourceThatNeverSentAPartial() {
    partial(0, 0, 2, 12_000);
    closer.tick(WALL + 30_000);
    assertThat(sink.finalized).as("source 1 never heard from").isEmpty();
    closer.accept("", 12_000, new StageOne.ModelTick(1, Map.of(), StageOne.NOT_FLUSHED), WALL + 30_500);
    assertThat(models.keys()).as("no model of no name").containsExactly(MODEL);
    closer.tick(WALL + 31_000);
    assertThat(sink.finalized).hasSize(1);
  }

  @Test
  void shouldCloseByTheWallClockWithATaskTickOfTheNewKind() {
    partial(0, 0, 2, 12_000);
    closer.accept(MODEL, 12_000, new StageOne.TaskTick(1, StageOne.NOT_FLUSHED), WALL + 30_500);
    closer.tick(WALL + 31_000);
    assertThat(sink.finalized).hasSize(1);
  }

  /**
   * A task started on restored stores shows each version's latest finalized window again, evaluated as it was:
   * a window that went into the automatic baseline (2 windows here) without it, a later one against it.
   */
  @Test
  void shouldShowEachVersionsLatestWindowAgainAsItWasEvaluatedWhenATaskStartsOnItsStores() {
    for (int w = 0; w < 3; w++) {
      long start = w * 10_000L;
      partial(0, start, 50 + 100 * w, start + 9_999);
      tick(0, start + 12_000);
      tick(1, start + 12_000);
      Sink restarted = new Sink();
      closer(restarted).republish(WALL + 1);
      assertThat(sink.finalized).hasSize(w + 1);
      assertThat(restarted.restored).as("window %d", w).singleElement().usingRecursiveComparison()
          .isEqualTo(sink.finalized.get(w));
      assertThat(restarted.finalized).as("nothing finalized again").isEmpty();
    }
    assertThat(sink.finalized.get(1).drift().referenceKind()).as("the baseline's second window, without it")
        .isNotEqualTo(sink.finalized.get(2).drift().referenceKind());
    assertThat(sink.finalized.get(2).drift().features()).anySatisfy(f -> assertThat(f.driftScore()).isNotNull());
    kept.clear(); // past the retention
    Sink restarted = new Sink();
    closer(restarted).republish(WALL + 2);
    assertThat(restarted.restored).isEmpty();
  }

  /**
   * A version at 20 events per window: a feature's drift verdict comes from its window merged with the windows
   * before it once they hold drift.min-count (100) values, marked with the span: none flagged while nothing moved,
   * flagged once the span is five windows shifted by two sigma.
   */
  @Test
  void shouldGiveALowTrafficVersionItsVerdictOnTheMergeOfItsLatestWindows() {
    SplittableRandom r = new SplittableRandom(5);
    ReferenceBuilder training = new ReferenceBuilder(ProfileConfig.DEFAULT);
    for (int i = 0; i < 20_000; i++) {
      training.add(Map.of("x", r.nextGaussian()));
    }
    ReferenceProfile reference = training.build("training", MODEL, "*", 0);
    ReferenceBounds bounds = new ReferenceBounds(reference, DriftSettings.DEFAULT.bins());
    closer = closer(sink, reference);
    for (int w = 0; w < 10; w++) {
      long start = w * 10_000L;
      WindowProfile p = new WindowProfile(ProfileConfig.DEFAULT);
      for (int i = 0; i < 20; i++) {
        double x = (w >= 5 ? 2 : 0) + r.nextGaussian(); // the last five windows shifted by two sigma
        p.add(new Prediction("p" + w + "-" + i, MODEL, "v1", start + i, Map.of("x", x),
            new Output(0.5, null, null, null), null, null, null, null), WALL, bounds);
      }
      closer.accept(MODEL, start + 9_999, new StageOne.Partial(0, "v1", start, p), WALL);
      tick(0, start + 12_000);
      tick(1, start + 12_000);
    }
    assertThat(sink.finalized).hasSize(10);
    for (int w = 0; w < 10; w++) {
      FeatureDriftResult x = sink.finalized.get(w).drift().features().get(0);
      assertThat(x.count()).as("window %d: its own values", w).isEqualTo(20);
      assertThat(x.windowStart()).isEqualTo(w * 10_000L);
      assertThat(x.mergedWindows()).isEqualTo(Math.min(w + 1, 5));
      assertThat(x.driftFrom()).isEqualTo(Math.max(0, w - 4) * 10_000L);
      if (w < 4) {
        assertThat(x.driftScore()).as("window %d: %d values so far", w, 20 * (w + 1)).isNull();
      } else if (w == 4 || w == 9) {
        assertThat(x.driftDetected()).as("window %d (%d shifted of the 5 merged)", w, w - 4).isEqualTo(w == 9);
      }
    }
  }

  /** Records what stage 2 hands over. */
  static final class Sink implements WindowSink {
    final List<WindowOutcome> finalized = new ArrayList<>();
    final List<WindowOutcome> restored = new ArrayList<>();
    final List<WindowKey> windows = new ArrayList<>();
    final List<String> newest = new ArrayList<>();
    long late;

    @Override
    public void finalized(WindowKey window, WindowOutcome outcome, byte[] profile, VersionTotals totals,
        long firstSeenMs, long nowMs) {
      windows.add(window);
      finalized.add(outcome);
    }

    @Override
    public void restored(WindowOutcome outcome, VersionTotals totals, long firstSeenMs, long nowMs) {
      restored.add(outcome);
    }

    @Override
    public void newestEvent(String model, String version, long eventMs, long nowMs) {
      newest.add(version + "@" + eventMs);
    }

    @Override
    public void forgotten(VersionKey version) {}

    @Override
    public void droppedLate(long events) {
      late += events;
    }

    @Override
    public void overflowed(long features, long categories) {}
  }
}
