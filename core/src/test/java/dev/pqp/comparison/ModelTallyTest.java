package dev.pqp.comparison;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A version's totals from re-emitted window records equal the last counts of each window, summed. */
class ModelTallyTest {
  private static final long MINUTE = 60_000;

  @Test
  void shouldSumTheLatestCountsOfEveryWindowWhateverOrderAndRepeatsTheyComeIn() {
    SplittableRandom r = new SplittableRandom(3);
    ModelTally tally = new ModelTally();
    Map<Long, long[]> last = new HashMap<>();
    List<long[]> emitted = new ArrayList<>();
    // 50 windows; each re-emitted 1 to 5 times with growing counts while labels arrive, within 10 minutes
    for (int w = 0; w < 50; w++) {
      long labelled = 0;
      long correct = 0;
      for (int k = 0; k < 1 + r.nextInt(5); k++) {
        long more = 1 + r.nextInt(40);
        labelled += more;
        correct += r.nextInt((int) more + 1);
        emitted.add(new long[] {w * MINUTE, labelled, correct});
      }
    }
    // emitted in order of window, interleaved within 10 minutes of each other, some records twice (a replay)
    emitted.sort(java.util.Comparator.comparingLong(e -> e[0] + r.nextInt(8) * MINUTE));
    for (long[] e : emitted) {
      for (int times = 0; times < (r.nextInt(6) == 0 ? 2 : 1); times++) {
        tally.update("v1", e[0], e[1], e[2], 30 * MINUTE);
      }
      long[] known = last.get(e[0]);
      if (known == null || known[0] <= e[1]) {
        last.put(e[0], new long[] {e[1], e[2]});
      }
      if (r.nextInt(5) == 0) {
        tally = ModelTally.of(tally.parts()); // a restart from the store
      }
    }
    long labelled = last.values().stream().mapToLong(c -> c[0]).sum();
    long correct = last.values().stream().mapToLong(c -> c[1]).sum();
    assertThat(tally.accuracy("v1")).isEqualTo(Moments.bernoulli(labelled, correct));
    assertThat(tally.accuracy("v2")).isEqualTo(Moments.EMPTY);
  }

  @Test
  void shouldForgetAVersionThatStoppedLongBeforeTheModelsNewestWindow() {
    ModelTally tally = new ModelTally();
    tally.update("v1", 0, 10, 9, 10 * MINUTE);
    tally.update("v2", 0, 10, 5, 10 * MINUTE);
    tally.update("v2", 100 * MINUTE, 10, 5, 10 * MINUTE);
    assertThat(tally.forgetStopped(100 * MINUTE)).isFalse();
    tally.update("v2", 101 * MINUTE, 10, 5, 10 * MINUTE);
    assertThat(tally.forgetStopped(100 * MINUTE)).isTrue();
    assertThat(tally.versions()).containsExactly("v2");
    assertThat(tally.accuracy("v2")).isEqualTo(Moments.bernoulli(30, 15));
  }
}
