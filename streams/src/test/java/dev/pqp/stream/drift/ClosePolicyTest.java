package dev.pqp.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.stream.Windows;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When a window may close, from what three stage-1 sources reported: plain calls, no Kafka. Windows are
 * 10 s with 2 s grace; the idle time is 30 s. Window 0 is [0, 10 s): it closes by event time at 12 s.
 * A source's tick that claims nothing passes {@link StageOne#NOT_FLUSHED}; an idle source's tick claims the
 * wall time through which it forwarded every partial.
 */
class ClosePolicyTest {
  private static final String MODEL = "m";
  private static final long IDLE = 30_000;
  private static final long NONE = StageOne.NOT_FLUSHED;
  private ClosePolicy policy;
  private ModelState state;

  @BeforeEach
  void init() {
    policy = new ClosePolicy(new Windows(10_000, 2_000), 3, IDLE);
    state = new ModelState();
  }

  /** Sources 0 and 1 report stream times far past window 0, heard at {@code wallMs}. */
  private void othersPassed(long wallMs) {
    policy.heard(MODEL, state, 0, 50_000, wallMs, NONE);
    policy.heard(MODEL, state, 1, 50_000, wallMs, NONE);
  }

  private boolean closesAt(long wallMs, long lastPartialWallMs, boolean wallClock) {
    return policy.closes(MODEL, state, 0, lastPartialWallMs, wallMs, wallClock);
  }

  @Test
  void shouldCloseByEventTimeOnlyWhenEverySourcePassedEndPlusGrace() {
    policy.heard(MODEL, state, 0, 12_000, 0, NONE);
    policy.heard(MODEL, state, 1, 15_000, 0, NONE);
    assertThat(closesAt(0, 0, false)).as("source 2 has not reported").isFalse();
    policy.heard(MODEL, state, 2, 11_999, 0, NONE);
    assertThat(closesAt(0, 0, false)).as("source 2 is 1 ms short").isFalse();
    policy.heard(MODEL, state, 2, 12_000, 0, NONE);
    assertThat(closesAt(0, 0, false)).isTrue();
  }

  @Test
  void shouldNeverLetAStreamTimeGoBack() {
    policy.heard(MODEL, state, 0, 20_000, 0, NONE);
    policy.heard(MODEL, state, 0, 5_000, 0, NONE); // a partial of an older window: carries its window end only
    assertThat(state.sourceTimes.get(0)).isEqualTo(20_000);
  }

  @Test
  void shouldNotCloseByWallClockWhileALaggingSourceMakesProgress() {
    long t = 1_000_000; // wall clock, far past the window's end
    othersPassed(t);
    for (long s = 1; s <= 60; s++) { // source 2 catches up a backlog: its stream time moves every second
      policy.heard(MODEL, state, 2, 1_000 + s * 100, t + s * 1_000, NONE);
      assertThat(closesAt(t + s * 1_000, t, true)).as("after %d s", s).isFalse();
    }
  }

  @Test
  void shouldNeverCloseByWallClockBeforeTheLaggingSourceSaysItForwardedTheWindow() {
    long t = 1_000_000;
    othersPassed(t);
    policy.heard(MODEL, state, 2, 9_000, t, NONE); // its input went quiet at 9 s of event time
    // it ticks a second without progress, but has not flushed its partial of window 0 yet (its own idle
    // timer runs as long as ours): judging it idle from its ticks raced that flush and lost the partial
    for (long s = 1; s <= 120; s++) {
      policy.heard(MODEL, state, 2, 9_000, t + s * 1_000, NONE);
      assertThat(closesAt(t + s * 1_000, t, true)).as("after %d s", s).isFalse();
    }
    policy.heard(MODEL, state, 2, 9_000, t + 121_000, 9_999); // flushed, but not through the window's end
    assertThat(closesAt(t + 121_000, t, true)).isFalse();
    policy.heard(MODEL, state, 2, 9_000, t + 122_000, 10_000); // forwarded every window ended by 10 s
    assertThat(closesAt(t + 122_000, t, false)).as("only a wall-clock pass may close it").isFalse();
    assertThat(closesAt(t + 122_000, t, true)).isTrue();
    policy.heard(MODEL, state, 2, 9_000, t + 123_000, NONE); // a record came: the claim is gone
    assertThat(closesAt(t + 123_000, t, true)).isFalse();
  }

  @Test
  void shouldWaitForASourceThatSentBeforeButIsSilent() {
    long t = 1_000_000;
    othersPassed(t);
    policy.heard(MODEL, state, 2, 9_000, t, NONE); // then nothing: restoring, or moving to another instance
    for (long s = 1; s <= 120; s++) {
      othersPassed(t + s * 1_000);
      assertThat(closesAt(t + s * 1_000, t, true)).as("after %d s", s).isFalse();
    }
  }

  @Test
  void shouldWaitAfterARestartBeforeJudgingASourceIdle() {
    long t = 1_000_000;
    othersPassed(t);
    policy.heard(MODEL, state, 2, 9_000, t, NONE);
    policy.reset(); // a restart: stream times are restored (state), wall-clock knowledge is not
    assertThat(closesAt(t + 100_000, t, true)).as("nothing heard since the restart").isFalse();
    policy.heard(MODEL, state, 2, 9_000, t + 100_000, NONE);
    assertThat(closesAt(t + 100_000, t, true)).as("heard, but no claim since the restart").isFalse();
    policy.heard(MODEL, state, 2, 9_000, t + 101_000, t + 101_000); // idle again after its own restart
    assertThat(closesAt(t + 101_000, t, true)).isTrue();
  }

  @Test
  void shouldWaitForASourceThatNeverSentForTheModelAndIsNotHeardFrom() {
    long t = 1_000_000;
    othersPassed(t);
    // source 2's task is restoring, not assigned yet, or of an older stage 1: its first partial may come
    assertThat(closesAt(t + 300_000, t - 40_000, true)).isFalse();
    policy.heardTask(2, 0, t + 300_000, t + 300_000); // it runs, has no record and is idle
    assertThat(closesAt(t + 300_000, t - 40_000, true)).isTrue();
  }

  @Test
  void shouldWaitForASourceThatNeverSentForTheModelUntilItsTaskPassedOrFlushedTheWindow() {
    long t = 1_000_000;
    othersPassed(t);
    // source 2 never sent a partial of this model: its task tick says how far it got with every model
    for (long s = 0; s <= 120; s++) {
      policy.heardTask(2, 5_000, t + s * 1_000, NONE); // busy, behind the window: its first partial may come
      assertThat(closesAt(t + s * 1_000, t - 40_000, true)).as("after %d s", s).isFalse();
    }
    policy.heardTask(2, 12_000, t + 121_000, NONE); // past the window in event time
    assertThat(closesAt(t + 121_000, t - 40_000, true)).isTrue();
    policy.heardTask(2, 9_000, t + 122_000, 9_999); // idle, but flushed only through 9.999 s
    assertThat(closesAt(t + 122_000, t - 40_000, true)).isFalse();
    policy.heardTask(2, 9_000, t + 123_000, 10_000); // idle and flushed through the window's end
    assertThat(closesAt(t + 123_000, t - 40_000, true)).isTrue();
    assertThat(closesAt(t + 153_000, t - 40_000, true)).as("its task went silent").isFalse();
  }

  @Test
  void shouldNotCloseByWallClockWhileAPartialOfTheWindowArrivedRecently() {
    long t = 1_000_000;
    policy.heard(MODEL, state, 0, 9_000, t, NONE);
    policy.heard(MODEL, state, 1, 9_000, t, NONE);
    policy.heard(MODEL, state, 2, 9_000, t, NONE);
    for (long s = 1; s <= 40; s++) {
      for (int src = 0; src < 3; src++) {
        policy.heard(MODEL, state, src, 9_000, t + s * 1_000, t + s * 1_000); // idle, everything forwarded
      }
    }
    assertThat(closesAt(t + 40_000, t + 20_000, true)).as("a partial 20 s ago").isFalse();
    assertThat(closesAt(t + 40_000, t + 10_000, true)).isTrue();
  }
}
