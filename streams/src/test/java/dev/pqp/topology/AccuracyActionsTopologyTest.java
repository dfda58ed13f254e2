package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.schema.Action;
import dev.pqp.schema.ActionWindow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accuracy-drop actions through the whole topology, decided on windows whose labels are final (sealed: the join's
 * time past their end and {@code ground-truth.max-delay}): a binary model's first three 10 s windows (the baseline,
 * {@code actions.accuracy-drop.baseline=30s}) are right 90 % of the time, then two windows at 88 % (within the 0.05
 * threshold), three at 70 % (a drop: an episode opens at the third) and three at 90 % again (it clears at the
 * third). The figures in the records are those of the labels sent, exactly; and the records are the same whether the
 * join hands over after every window or once at the end.
 */
class AccuracyActionsTopologyTest extends DriftFixtureTest {
  private static final Map<String, String> SETTINGS = Map.of("ground-truth.enabled", "true",
      "ground-truth.max-delay", "1m", "performance.min-labels", "10", "actions.accuracy-drop.baseline", "30s");
  private static final double[] RIGHT = {0.9, 0.9, 0.9, 0.88, 0.88, 0.7, 0.7, 0.7, 0.9, 0.9, 0.9};
  private static final int PER_WINDOW = 100;

  private List<KeyValue<String, Action>> run(boolean handOverEachWindow) {
    f = new DriftFixture(stateDir.resolve(handOverEachWindow ? "each" : "end"), SETTINGS);
    for (int w = 0; w < RIGHT.length; w++) {
      for (int i = 0; i < PER_WINDOW; i++) {
        String id = w + "-" + i;
        long at = w * 10_000L + i * 50L;
        f.predictScore(id, "v1", at, 0.9);
        f.label(id, at + 1, i < Math.round(RIGHT[w] * PER_WINDOW) ? "1" : "0");
      }
      if (handOverEachWindow) {
        f.advanceWallClock(Duration.ofSeconds(1));
      }
    }
    f.predictScore("late", "v1", 300_000L, 0.9); // the join's time passes every window's end and max-delay
    f.label("late", 300_001L, "1");
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(Duration.ofSeconds(1));
    return f.drainActions().stream().filter(kv -> kv.value.getAction().startsWith("accuracy")).toList();
  }

  @Test
  void shouldOpenAnEpisodeAfterThreeDroppedWindowsAndClearItAfterThreeRecovered() {
    List<KeyValue<String, Action>> records = run(true);
    assertThat(records).extracting(kv -> kv.value.getState()).containsExactly("opened", "cleared");
    Action opened = records.get(0).value;
    Action cleared = records.get(1).value;
    assertThat(records.get(0).key).isEqualTo("fraud/v1");
    long t0 = DriftFixture.T0;
    assertThat(List.of(opened.getEpisodeStart(), opened.getWindowStart(), cleared.getWindowStart()))
        .containsExactly(t0 + 50_000L, t0 + 70_000L, t0 + 100_000L);
    assertThat(opened.getEpisodeId()).isEqualTo("fraud/v1/accuracy_drop/" + (t0 + 50_000L))
        .isEqualTo(cleared.getEpisodeId());
    assertThat(opened.getCondition()).isEqualTo("accuracy at least 0.05 below the version's accuracy over its first"
        + " 30s in 3 consecutive windows whose labels are final");
    for (ActionWindow e : opened.getEvidence()) {
      assertThat(e.getAccuracy()).isCloseTo(0.7, within(1e-12));
      assertThat(e.getBaselineAccuracy()).as("270 right of the baseline's 300").isCloseTo(0.9, within(1e-12));
      assertThat(e.getLabelledCount()).isEqualTo(PER_WINDOW);
      assertThat(e.getEstimated()).isFalse();
    }
    assertThat(opened.getEvidence()).extracting(ActionWindow::getWindowStart)
        .containsExactly(t0 + 50_000L, t0 + 60_000L, t0 + 70_000L);
    assertThat(cleared.getEvidence()).extracting(ActionWindow::getAccuracy).containsExactly(0.9, 0.9, 0.9);
    assertThat(f.gauge("ml.action.active", "model_version", "v1", "action", "accuracy_drop")).isEqualTo(0.0);
    assertThat(f.gauge("ml.action.active", "model_version", "v1", "action", "estimated_accuracy_drop")).isEqualTo(0.0);
  }

  @Test
  void shouldWriteTheSameRecordsWhateverThePaceOfTheHandOvers() {
    List<Action> each = run(true).stream().map(kv -> kv.value).toList();
    f.close();
    f = null;
    List<Action> atEnd = run(false).stream().map(kv -> kv.value).toList();
    assertThat(atEnd).hasSize(2).isEqualTo(each);
  }

  /**
   * Windows whose labels never come: the baseline's windows score half their predictions 0.95 (all positive) and
   * half 0.55 (half positive), realized accuracy 0.75; then three windows of unlabelled predictions all scored 0.55,
   * which the baseline's calibration expects right half of the time (estimated 0.5: an episode opens), and three all
   * scored 0.95 (estimated 1.0: it clears).
   */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void shouldEstimateTheAccuracyOfWindowsSealedWithoutLabels(boolean handOverEachWindow) {
    f = new DriftFixture(stateDir, SETTINGS);
    for (int w = 0; w < 9; w++) {
      for (int i = 0; i < PER_WINDOW; i++) {
        String id = w + "-" + i;
        long at = w * 10_000L + i * 50L;
        boolean high = w < 3 ? i % 2 == 0 : w >= 6;
        f.predictScore(id, "v1", at, high ? 0.95 : 0.55);
        if (w < 3) {
          f.label(id, at + 1, high || i % 4 == 1 ? "1" : "0");
        }
      }
      if (handOverEachWindow) {
        f.advanceWallClock(Duration.ofSeconds(1));
      }
    }
    f.predictScore("late", "v1", 300_000L, 0.95);
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(Duration.ofSeconds(1));
    List<Action> records = f.drainActions().stream().map(kv -> kv.value)
        .filter(a -> a.getAction().startsWith("estimated")).toList();
    assertThat(records).extracting(Action::getState).containsExactly("opened", "cleared");
    assertThat(records.get(0).getEvidence()).extracting(ActionWindow::getAccuracy).containsExactly(0.5, 0.5, 0.5);
    assertThat(records.get(0).getEvidence()).extracting(ActionWindow::getBaselineAccuracy)
        .containsExactly(0.75, 0.75, 0.75);
    assertThat(records.get(0).getEvidence()).extracting(ActionWindow::getEstimated).containsOnly(true);
    assertThat(records.get(1).getEvidence()).extracting(ActionWindow::getAccuracy).containsExactly(1.0, 1.0, 1.0);
    assertThat(records.get(0).getEpisodeId()).startsWith("fraud/v1/estimated_accuracy_drop/");
  }
}
