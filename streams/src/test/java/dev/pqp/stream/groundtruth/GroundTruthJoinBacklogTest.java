package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.topology.DriftFixture;
import dev.pqp.topology.DriftFixtureTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A backlog of predictions and their labels read at their own paces, as two topics are: labels run ahead of
 * predictions or behind them by up to thousands of records, and each label comes 1 to 30 s after its
 * prediction (one in five 2 to 10 min). Every label finds its prediction, waiting or early, whatever the
 * interleaving; none is lost, none counted twice, while the stores' clocks move between the bursts.
 */
class GroundTruthJoinBacklogTest extends DriftFixtureTest {
  private double total(String result) {
    var c = f.registry.find("pqp.ground.truth").tags("result", result).functionCounter();
    return c == null ? 0 : c.count();
  }

  @Test
  void shouldJoinEveryLabelWhicheverSideRunsAhead() {
    f = new DriftFixture(stateDir, Map.of("ground-truth.enabled", "true"));
    Random r = new Random(7);
    int n = 20_000;
    long[] labelAt = new long[n];
    for (int i = 0; i < n; i++) {
      long delay = r.nextInt(5) == 0 ? 120_000 + r.nextInt(480_000) : 1_000 + r.nextInt(29_000);
      labelAt[i] = i * 20L + delay;
    }
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      labels.add(i);
    }
    labels.sort((a, b) -> Long.compare(labelAt[a], labelAt[b])); // the labels topic, in label time
    int p = 0;
    int l = 0;
    while (p < n || l < n) {
      boolean predictionsNext = l == n || (p < n && r.nextBoolean());
      int burst = 1 + r.nextInt(2_000);
      f.advanceWallClock(Duration.ofSeconds(1)); // hand-overs, and the stores' clocks move
      for (int k = 0; k < burst; k++) {
        if (predictionsNext && p < n) {
          f.predictScore("id-" + p, "v1", p * 20L, 0.5);
          p++;
        } else if (!predictionsNext && l < n) {
          int i = labels.get(l++);
          f.label("id-" + i, labelAt[i], "1");
        }
      }
    }
    assertThat(total("matched") + total("early_matched")).isEqualTo(n);
    assertThat(total("orphan") + total("duplicate") + total("early_expired")).isZero();
  }
}
