package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FreshnessRunTest {
  private static final long W = 10_000;
  private static final long GRACE = 2_000;

  @Test
  void shouldMeasureEachWindowTheEventsClosedFromItsEndPlusGraceToItsLastRecord() {
    long first = 1_700_000_003_000L; // 3 s into the window [1_700_000_000_000, +10 s)
    long end1 = 1_700_000_010_000L;
    long last = end1 + 2 * W + GRACE + 500; // closes the next two windows too; the one after is still open
    Map<Long, List<Long>> arrivals = Map.of(
        end1, List.of(end1 + GRACE + 900, end1 + GRACE + 1_400), // two versions: the later counts
        end1 + W, List.of(end1 + W + GRACE + 700),
        end1 + 3 * W, List.of(end1 + 3 * W + 100)); // closed by the wall clock after the events: not counted

    List<FreshnessRun.Window> windows = FreshnessRun.windows(arrivals, first, last, W, GRACE);

    assertThat(windows).containsExactly(
        new FreshnessRun.Window(end1, 2, 1_400),
        new FreshnessRun.Window(end1 + W, 1, 700),
        new FreshnessRun.Window(end1 + 2 * W, 0, 0));
  }
}
