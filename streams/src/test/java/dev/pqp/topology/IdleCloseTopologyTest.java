package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.export.PipelineMetrics;
import dev.pqp.schema.ModelWindow;
import dev.pqp.stream.Windows;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/**
 * Closing a window by the wall clock must wait for the partial a stage-1 task still holds: the task's own
 * idle flush sends it, and only what the task says after that flush may tell stage 2 it is idle. Windows are
 * 10 s with 2 s grace, the idle time 5 s; window [T0, T0 + 10 s) may close by the wall clock from T0 + 12 s.
 */
class IdleCloseTopologyTest extends DriftFixtureTest {
  /** The wall clock's offset from T0 (it starts at T0). */
  private long wall;

  private void wallClockTo(long offsetMs) {
    f.advanceWallClock(Duration.ofMillis(offsetMs - wall));
    wall = offsetMs;
  }

  /**
   * The stage-1 task flushes the window by idleness (one event), then gets a second event of it that does not
   * move its stream time (out of order within the window). Its ticks then show no progress, but it is not idle:
   * it holds the second event. Stage 2 used to judge the task idle from its own clock, 5 s after the last
   * progress it heard, and closed the window at T0 + 40 s, a second before the task's idle flush sent the
   * second event, which was then dropped as a late partial (the window published with 1 event of 2).
   */
  @Test
  void shouldNotCloseByWallClockWhileAStage1TaskHoldsEventsOfTheWindowItHasNotFlushed() {
    f = new DriftFixture(stateDir, Map.of("window.idle-flush", "5s"));
    wallClockTo(30_000);
    f.predictX("v1", 5_000, 1.0); // wall T0 + 30 s; stream time T0 + 5 s
    for (long s = 31; s <= 36; s++) {
      wallClockTo(s * 1_000); // at T0 + 35 s stage 1 is idle for 5 s: it forwards the window with 1 event
    }
    assertThat(f.drainModelWindow()).as("the window's partial arrived just now").isEmpty();
    f.predictX("v1", 1_000, 2.0); // wall T0 + 36 s: within the window, behind the stream time
    for (long s = 37; s <= 60; s++) {
      wallClockTo(s * 1_000);
    }

    List<KeyValue<String, ModelWindow>> windows = f.drainModelWindow();
    assertThat(windows).extracting(kv -> kv.value.getWindowStart()).containsExactly(T0);
    assertThat(windows.get(0).value.getEventCount()).as("events of the window").isEqualTo(2);
    assertThat(f.counter(PipelineMetrics.LATE_PARTIALS))
        .as("events dropped in late partials").isZero();
  }

  /**
   * Two stage-1 tasks (the predictions have two partitions); the driver runs only the first. The second may be
   * restoring, not assigned yet or on a thread that starts late, and hold events of the window: the window
   * waits for its word. Stage 2 used to wait only the idle time for a task that never sent anything of the
   * model, and closed the window at T0 + 40 s without it.
   */
  @Test
  void shouldNotCloseByWallClockWithoutAStage1TaskThatHasNotReportedYet() {
    f = new DriftFixture(stateDir, Map.of("window.idle-flush", "5s"), Map.of("ml.predictions", 2, "ml.features", 2));
    wallClockTo(30_000);
    f.predictX("v1", 5_000, 1.0);
    for (long s = 31; s <= 300; s++) {
      wallClockTo(s * 1_000);
    }
    assertThat(f.drainModelWindow()).as("windows published while task 1 was silent").isEmpty();
  }
}
