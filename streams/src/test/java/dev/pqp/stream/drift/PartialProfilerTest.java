package dev.pqp.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.stream.WindowKey;
import dev.pqp.stream.Windows;
import dev.pqp.topology.store.TestHeapStores;
import dev.pqp.topology.store.ValueCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a stage-1 task tells stage 2 when its input goes idle: its partials and ticks, with the times they
 * carry. Windows are 10 s with 2 s grace, the idle time 5 s; event times are small, the wall clock is far
 * past them.
 */
class PartialProfilerTest {
  private static final long WALL = 1_700_000_000_000L;
  private MockProcessorContext<String, StageOne> context;
  private PartialProfiler profiler;
  private int ids;

  @BeforeEach
  void start() {
    context = new MockProcessorContext<>();
    var partials = TestHeapStores.unlogged(PartialProfiler.STORE, WindowKey.CODEC, VersionState.PROFILE_CODEC);
    partials.init(context.getStateStoreContext(), partials);
    context.addStateStore(partials);
    var progress = TestHeapStores.unlogged(PartialProfiler.PROGRESS_STORE, ProgressKey.CODEC, ValueCodec.LONG);
    progress.init(context.getStateStoreContext(), progress);
    context.addStateStore(progress);
    context.setCurrentSystemTimeMs(WALL);
    profiler = new PartialProfiler(new Windows(10_000, 2_000), ProfileConfig.DEFAULT, 10, 5_000, 7 * 86_400_000L,
        new PipelineMetrics(new SimpleMeterRegistry()));
    profiler.init(context);
  }

  private static boolean idle(StageOne p) {
    return flushedThrough(p) != StageOne.NOT_FLUSHED;
  }

  private static boolean isTick(StageOne m) {
    return !(m instanceof StageOne.Partial);
  }

  private static long flushedThrough(StageOne m) {
    if (m instanceof StageOne.ModelTick t) {
      return t.flushedThrough();
    }
    return m instanceof StageOne.TaskTick t ? t.flushedThrough() : StageOne.NOT_FLUSHED;
  }

  private static long windowStart(StageOne m) {
    return ((StageOne.Partial) m).windowStart();
  }

  private void predict(long eventMs) {
    Prediction p = new Prediction("p" + ids++, "m", "v1", eventMs, null, new Output(0.9, null, null, null), null,
        null, null, null);
    profiler.process(new Record<>(null, p, eventMs));
  }

  /** Moves the wall clock to {@code WALL + offsetMs} and runs the task's wall-clock punctuation. */
  private List<StageOne> punctuateAt(long offsetMs) {
    context.resetForwards();
    context.setCurrentSystemTimeMs(WALL + offsetMs);
    context.scheduledPunctuators().get(0).getPunctuator().punctuate(WALL + offsetMs);
    return sent();
  }

  /** The key of each message sent, {@code TASK} for a task tick (which goes to every stage-2 task). */
  private List<String> keys() {
    return context.forwarded().stream()
        .map(f -> f.record().value().toEveryTask() ? TASK : (String) f.record().key()).toList();
  }

  private static final String TASK = "task tick";

  /**
   * Every second, whatever it sent before, a task tells every stage-2 task its stream time and whether it is
   * idle (a source tick): stage 2 judges by it the tasks that never sent anything of a model.
   */
  @Test
  void shouldSendASourceTickEverySecondEvenBeforeItsFirstPartial() {
    List<StageOne> first = punctuateAt(1_000);
    assertThat(keys()).containsExactly(TASK);
    assertThat(times()).containsExactly(0L); // no stream time yet
    assertThat(flushedThrough(first.get(0)) != StageOne.NOT_FLUSHED).isFalse();
    predict(5_000);
    assertThat(punctuateAt(2_000)).singleElement().matches(p -> isTick(p) && !idle(p));
    assertThat(keys()).containsExactly(TASK);
    assertThat(times()).containsExactly(5_000L);
    punctuateAt(7_000); // idle: [0, 10 s) goes out, then the ticks say so
    assertThat(keys()).containsExactly("m", "m", "m", TASK);
    assertThat(flushedThrough(sent().get(3))).isEqualTo(WALL + 7_000);
  }

  private List<StageOne> sent() {
    return context.forwarded().stream().map(f -> (StageOne) f.record().value()).toList();
  }

  private List<Long> times() {
    return context.forwarded().stream().map(f -> f.record().timestamp()).toList();
  }

  /**
   * A window flushed by idleness has not ended in event time. Stamped with its end (19.999 s), its partial told
   * stage 2 this task was past window [0, 10 s) plus grace while the task still took late events for it: the
   * crash test with an idle time of 1 s lost such a late event (dropped as a late partial at stage 2).
   */
  @Test
  void shouldNeverStampAPartialPastTheTasksStreamTime() {
    predict(5_000);
    predict(10_500); // passes [0, 10 s): forwarded, stamped with its end
    assertThat(times()).containsExactly(9_999L, 10_500L); // the partial, then the tick
    punctuateAt(4_000);
    List<StageOne> idle = punctuateAt(5_000); // 5 s without input: [10 s, 20 s) goes out by idleness
    assertThat(isTick(idle.get(0))).isFalse();
    assertThat(windowStart(idle.get(0))).isEqualTo(10_000);
    assertThat(times()).as("partial and ticks carry at most the stream time, 10.5 s").allMatch(t -> t <= 10_500L);
  }

  @Test
  void shouldSayItIsIdleOnlyInTicksAfterItsIdleFlush() {
    predict(5_000);
    predict(10_500);
    for (long s = 1; s <= 4; s++) {
      assertThat(punctuateAt(s * 1_000)).as("after %d s", s).allMatch(p -> isTick(p) && !idle(p));
    }
    List<StageOne> flush = punctuateAt(5_000);
    assertThat(flush).extracting(PartialProfilerTest::isTick).containsExactly(false, true, true, true);
    assertThat(windowStart(flush.get(0))).isEqualTo(10_000);
    assertThat(flush.subList(1, 4)).allMatch(p -> flushedThrough(p) == WALL + 5_000);
    assertThat(keys()).containsExactly("m", "m", "m", TASK);
    assertThat(punctuateAt(6_000)).hasSize(2).allMatch(p -> isTick(p) && flushedThrough(p) == WALL + 6_000);

    context.setCurrentSystemTimeMs(WALL + 6_500);
    predict(9_000); // input again (a late event of [0, 10 s)): not idle any more
    assertThat(punctuateAt(7_000)).extracting(PartialProfilerTest::isTick, PartialProfilerTest::idle)
        .containsExactly(tuple(false, false), tuple(true, false), tuple(true, false), tuple(true, false));
  }
}
