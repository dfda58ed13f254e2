package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs the decode benchmark briefly to prove it works; time is reported, never asserted (shared CI machines). */
class DecodeBenchTest {
  @Test
  void shouldDecodeBothShapesBothWaysToTheSameEventsAndPrintASummary() {
    DecodeBench.Result r = DecodeBench.run(200, 100, 10, 21);
    System.out.println(r.summary());

    assertThat(r.shapes()).hasSize(2).allSatisfy(s -> {
      assertThat(s.jacksonNs()).isPositive().isFinite();
      assertThat(s.fastNs()).isPositive().isFinite();
    });
    assertThat(r.mismatches()).isZero();
    assertThat(r.fallbacks()).as("records the byte-level reader left to Jackson").isZero();
    assertThat(r.summary()).contains("BENCH_DECODE compact_jackson_ns=", "python_fast_ns=");
  }

  @Test
  void shouldSeparateAsPythonsJsonDumpsDoesOutsideStringsOnly() {
    byte[] json = "{\"a\":1,\"b\":\"x, y:z \\\" ,\",\"c\":[1,2]}".getBytes(StandardCharsets.UTF_8);

    assertThat(new String(DecodeBench.pythonSeparators(json), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\": 1, \"b\": \"x, y:z \\\" ,\", \"c\": [1, 2]}");
  }
}
