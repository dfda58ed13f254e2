package dev.pqp.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Episodes of "retraining recommended" from a version's windows, against a plain scan of the same windows. */
class EpisodeTest {
  private static final RetrainingRule RULE = RetrainingRule.DEFAULT; // share >= 0.3 in 3 consecutive windows
  private static final long MINUTE = 60_000;

  private static WindowEvidence window(int i, Double share) {
    return new WindowEvidence(i * MINUTE, (i + 1) * MINUTE, share, share != null && share >= 0.3
        ? Map.of("income", 0.74) : Map.of());
  }

  private static List<ActionEvent> run(Episode e, Double... shares) {
    List<ActionEvent> out = new ArrayList<>();
    for (int i = 0; i < shares.length; i++) {
      ActionEvent a = e.observe("claims-risk", "v2", RULE, window(i, shares[i]));
      if (a != null) {
        out.add(a);
      }
    }
    return out;
  }

  @Test
  void shouldOpenAfterThreeWindowsAtTheShareAndCloseAfterThreeBelowIt() {
    List<ActionEvent> events = run(new Episode(), 0.1, 0.5, 0.3, null, 0.8, 0.0, 0.6, 0.1, 0.2, 0.0, 0.4);

    assertThat(events).hasSize(2);
    ActionEvent opened = events.get(0);
    assertThat(opened.state()).isEqualTo(ActionEvent.State.OPENED);
    assertThat(opened.episodeId()).isEqualTo("claims-risk/v2/retraining_recommended/" + MINUTE);
    assertThat(opened.episodeStart()).isEqualTo(MINUTE);
    assertThat(opened.windowStart()).as("the window without a verdict is skipped").isEqualTo(4 * MINUTE);
    assertThat(opened.evidence()).extracting(WindowEvidence::driftShare).containsExactly(0.5, 0.3, 0.8);
    assertThat(opened.condition()).isEqualTo("dataset drift share >= 0.3 in 3 consecutive windows");
    ActionEvent cleared = events.get(1);
    assertThat(cleared.state()).isEqualTo(ActionEvent.State.CLEARED);
    assertThat(cleared.episodeId()).isEqualTo(opened.episodeId());
    assertThat(cleared.windowStart()).as("0.6 broke the first streak below").isEqualTo(9 * MINUTE);
    assertThat(cleared.evidence()).extracting(WindowEvidence::driftShare).containsExactly(0.1, 0.2, 0.0);
  }

  @Test
  void shouldIgnoreAWindowItHasSeenAlready() {
    Episode e = new Episode();
    run(e, 0.5, 0.5);
    assertThat(e.observe("m", "v", RULE, window(1, 0.5))).as("window 1 again").isNull();
    assertThat(e.observe("m", "v", RULE, window(2, 0.5))).isNotNull();
    assertThat(e.observe("m", "v", RULE, window(2, 0.5))).as("window 2 again").isNull();
    assertThat(e.open()).isTrue();
  }

  /**
   * Random windows, the state stored and restored at random points: the events equal those of a plain scan of the
   * whole sequence (an episode opens at the third consecutive window at or above the share while none is open, and
   * closes at the third consecutive window below it while one is).
   */
  @Test
  void shouldGiveThePlainScansEpisodesWhateverItIsRestoredFrom() {
    SplittableRandom r = new SplittableRandom(11);
    for (int run = 0; run < 200; run++) {
      int n = 5 + r.nextInt(60);
      Double[] shares = new Double[n];
      for (int i = 0; i < n; i++) {
        shares[i] = r.nextInt(10) == 0 ? null : r.nextDouble() < 0.5 ? 0.5 : 0.1;
      }
      List<String> expected = scan(shares);
      List<String> actual = new ArrayList<>();
      Episode e = new Episode();
      for (int i = 0; i < n; i++) {
        if (r.nextInt(4) == 0) {
          e = Episode.of(e.lastWindowStart(), e.openSince(), e.streak()); // a restart from the store
        }
        ActionEvent a = e.observe("m", "v", RULE, window(i, shares[i]));
        if (a != null) {
          actual.add(a.state().code() + "@" + a.windowStart() / MINUTE + " since " + a.episodeStart() / MINUTE);
        }
      }
      assertThat(actual).as("run %d: %s", run, java.util.Arrays.toString(shares)).isEqualTo(expected);
    }
  }

  private static List<String> scan(Double[] shares) {
    List<String> out = new ArrayList<>();
    boolean open = false;
    int since = -1;
    int count = 0;
    int first = -1;
    for (int i = 0; i < shares.length; i++) {
      if (shares[i] == null) {
        continue;
      }
      boolean towardsChange = (shares[i] >= 0.3) != open;
      count = towardsChange ? count + 1 : 0;
      first = count == 1 ? i : first;
      if (count == 3) {
        since = open ? since : first;
        out.add((open ? "cleared" : "opened") + "@" + i + " since " + since);
        open = !open;
        count = 0;
      }
    }
    return out;
  }
}
