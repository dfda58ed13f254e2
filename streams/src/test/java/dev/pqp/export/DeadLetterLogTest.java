package dev.pqp.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The first dead letter at once, then at most a line a minute counting every record since the last line. */
class DeadLetterLogTest {
  @Test
  void shouldCountABurstIntoOneLineAMinute() {
    AtomicLong now = new AtomicLong(1_000_000);
    DeadLetterLog log = new DeadLetterLog(now::get);
    assertThat(log.rejected("ml.predictions", "invalid_json")).isEqualTo("1 record dead-lettered: 1 from "
        + "ml.predictions: invalid_json");
    for (int i = 0; i < 40; i++) {
      now.addAndGet(1_000);
      assertThat(log.rejected("ml.predictions", i % 4 == 0 ? "missing_field" : "invalid_json")).isNull();
    }
    now.addAndGet(20_000);
    assertThat(log.rejected("ml.ground-truth", "invalid_json")).isEqualTo("41 records dead-lettered in the last 60 s: "
        + "1 from ml.ground-truth: invalid_json, 30 from ml.predictions: invalid_json, 10 from ml.predictions: "
        + "missing_field");
  }
}
