package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stage 2 stamps each model with the wall-clock time of its latest finalized window. */
class FinalizationTopologyTest extends DriftFixtureTest {
  private static final String NAME = "pqp_last_window_finalized_timestamp_seconds";

  private Double shown() {
    return f.scrape().value(NAME, "model_name", DriftFixture.MODEL);
  }

  @Test
  void shouldShowTheWallClockOfTheLatestFinalizedWindowAndDropItWhenTheTaskCloses() {
    f = new DriftFixture(stateDir, Map.of());
    f.predictX("v1", 1_000, 1.0);
    f.advanceWallClock(Duration.ofSeconds(5));
    assertThat(shown()).as("stage 2 has not heard of the model: its first window is open").isNull();

    f.predictX("v1", 13_000, 2.0); // past the first window's end + grace: finalized now, at T0 + 5 s
    assertThat(f.drainModelWindow()).hasSize(1);
    assertThat(shown()).isEqualTo((T0 + 5_000) / 1000.0);

    f.advanceWallClock(Duration.ofSeconds(7)); // stage 1 reports every second: news, no window closes
    f.predictX("v1", 15_000, 3.0);
    f.advanceWallClock(Duration.ofSeconds(1));
    assertThat(f.drainModelWindow()).isEmpty();
    assertThat(shown()).isEqualTo((T0 + 5_000) / 1000.0);

    f.predictX("v1", 25_000, 4.0); // the second window closes at T0 + 13 s
    assertThat(f.drainModelWindow()).hasSize(1);
    assertThat(shown()).isEqualTo((T0 + 13_000) / 1000.0);

    f.close();
    assertThat(shown()).isNull();
  }
}
