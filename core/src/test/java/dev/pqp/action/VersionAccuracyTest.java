package dev.pqp.action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.outcome.Calibration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A version's accuracy-drop episodes on sealed windows of 10 s, the baseline its first 30 s, the drop 0.05 in 2 windows. */
class VersionAccuracyTest {
  private static final VersionAccuracy.Settings SETTINGS =
      new VersionAccuracy.Settings(new AccuracyDropRule(0.05, 2, 30_000, false), 10, 30);

  private static VersionAccuracy.Sealed window(int i, long labelled, long correct) {
    return new VersionAccuracy.Sealed(i * 10_000L, (i + 1) * 10_000L, labelled, correct, new long[10], new Calibration());
  }

  private static List<String> feed(VersionAccuracy v, VersionAccuracy.Sealed... windows) {
    List<String> out = new ArrayList<>();
    for (VersionAccuracy.Sealed w : windows) {
      for (ActionEvent e : v.sealed("m", "v1", w, SETTINGS)) {
        out.add(e.action() + " " + e.state().code() + " at " + e.windowStart() + " since " + e.episodeStart());
      }
    }
    return out;
  }

  @Test
  void shouldHoldWindowsToTheBaselineOfTheFirstOnes() {
    VersionAccuracy v = new VersionAccuracy();
    // baseline: 0.9 over 300 labels; then 0.86 (within 0.05), 0.84 and 0.80 (drops), 0.84, 0.9 and 0.9 (back)
    List<String> events = feed(v, window(0, 100, 90), window(1, 100, 90), window(2, 100, 90), window(3, 100, 86),
        window(4, 100, 84), window(5, 100, 80), window(6, 100, 84), window(7, 100, 90), window(8, 100, 90));
    assertThat(events).containsExactly("accuracy_drop opened at 50000 since 40000",
        "accuracy_drop cleared at 80000 since 40000");
    assertThat(v.open(AccuracyDropRule.REALIZED)).isFalse();
  }

  @Test
  void shouldNeitherContinueNorBreakAStreakOnAWindowWithTooFewLabelsOrAReplay() {
    VersionAccuracy v = new VersionAccuracy();
    feed(v, window(0, 100, 90), window(1, 100, 90), window(2, 100, 90));
    assertThat(feed(v, window(3, 100, 70), window(4, 5, 5), window(3, 100, 95), window(5, 100, 70)))
        .containsExactly("accuracy_drop opened at 50000 since 30000");
  }

  @Test
  void shouldTellNothingWhileTheBaselineHasTooFewLabels() {
    VersionAccuracy v = new VersionAccuracy();
    assertThat(feed(v, window(0, 3, 3), window(1, 3, 3), window(2, 3, 3), window(3, 100, 10), window(4, 100, 10)))
        .isEmpty();
  }

  /** Estimates come from the baseline's calibration: a bucket right half the time, a window all in it, 0.5. */
  @Test
  void shouldEstimateWindowsWithoutLabelsFromTheBaselineCalibration() {
    long[] labelled = new long[10];
    long[] positives = new long[10];
    labelled[5] = 100;
    positives[5] = 50;
    labelled[9] = 100;
    positives[9] = 100;
    VersionAccuracy v = new VersionAccuracy();
    long[] halfAndHalf = new long[10];
    halfAndHalf[5] = 100;
    long[] sure = new long[10];
    sure[9] = 100;
    var calibration = Calibration.of(labelled, positives);
    v.sealed("m", "v1", new VersionAccuracy.Sealed(0, 10_000, 200, 150, halfAndHalf, calibration), SETTINGS);
    List<String> events = new ArrayList<>();
    for (int i = 3; i < 7; i++) {
      var w = new VersionAccuracy.Sealed(i * 10_000L, (i + 1) * 10_000L, 0, 0, i < 5 ? halfAndHalf : sure,
          new Calibration());
      v.sealed("m", "v1", w, SETTINGS).forEach(e -> events.add(e.action() + " " + e.state().code() + " "
          + e.evidence().get(0).accuracy().accuracy() + " of " + e.evidence().get(0).accuracy().baseline()));
    }
    assertThat(events).containsExactly("estimated_accuracy_drop opened 0.5 of 0.75",
        "estimated_accuracy_drop cleared 1.0 of 0.75");
  }

  /** Labels that come back clear the episode estimates opened; a realized window never opens it. */
  @Test
  void shouldClearAnEstimatedEpisodeWithTheLabelsThatComeBack() {
    long[] labelled = new long[10];
    long[] positives = new long[10];
    labelled[5] = 100;
    positives[5] = 50;
    long[] half = new long[10];
    half[5] = 100;
    VersionAccuracy v = new VersionAccuracy();
    v.sealed("m", "v1", new VersionAccuracy.Sealed(0, 10_000, 100, 90, half, Calibration.of(labelled, positives)),
        SETTINGS);
    List<String> events = new ArrayList<>();
    for (int i = 3; i < 9; i++) {
      boolean labels = i >= 5; // no labels for two windows, then 90 % right again
      var w = new VersionAccuracy.Sealed(i * 10_000L, (i + 1) * 10_000L, labels ? 100 : 0, labels ? 90 : 0, half,
          new Calibration());
      v.sealed("m", "v1", w, SETTINGS).forEach(e -> events.add(e.action() + " " + e.state().code()));
    }
    assertThat(events).containsExactly("estimated_accuracy_drop opened", "estimated_accuracy_drop cleared");
    assertThat(v.open(AccuracyDropRule.ESTIMATED)).isFalse();
  }

  /** A version back after versions.forget-after starts afresh: a new baseline, its open episode gone. */
  @Test
  void shouldStartAfreshAfterAGapLongerThanForgetAfter() {
    var forgetting = new VersionAccuracy.Settings(SETTINGS.rule(), 10, 30, 60_000);
    VersionAccuracy v = new VersionAccuracy();
    List<String> events = new ArrayList<>();
    long[][] windows = {{90}, {90}, {90}, {70}, {70}};
    for (int i = 0; i < windows.length; i++) {
      v.sealed("m", "v1", window(i, 100, windows[i][0]), forgetting).forEach(e -> events.add(e.state().code()));
    }
    assertThat(events).containsExactly("opened");
    // 100 s later, 70 % right: the new baseline, not a drop
    for (int i = 15; i < 20; i++) {
      v.sealed("m", "v1", window(i, 100, 70), forgetting).forEach(e -> events.add(e.state().code()));
    }
    assertThat(events).containsExactly("opened");
    assertThat(v.open(AccuracyDropRule.REALIZED)).isFalse();
    assertThat(v.baselineCounts()[0]).isEqualTo(150_000L);
  }
}
