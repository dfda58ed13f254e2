package dev.pqp.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The score median of a window's ten score buckets, and the stored form of a summary. */
class WindowSummaryTest {

  @Test
  void shouldInterpolateTheMedianWithinItsBucketAsHistogramQuantileDoes() {
    assertThat(WindowSummary.median(new long[10])).isNull();
    assertThat(WindowSummary.median(new long[] {0, 0, 10, 0, 0, 0, 0, 0, 0, 0})).isCloseTo(0.25, within(1e-12));
    // 4 below 0.1, 4 in [0.1, 0.2), 2 above: rank 5 is a quarter into the second bucket
    assertThat(WindowSummary.median(new long[] {4, 4, 0, 0, 0, 0, 0, 0, 0, 2})).isCloseTo(0.125, within(1e-12));
    // half in the first bucket, half in the last: the first bucket's upper bound
    assertThat(WindowSummary.median(new long[] {5, 0, 0, 0, 0, 0, 0, 0, 0, 5})).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void shouldRoundTripThroughItsStoredFormAndRejectAnotherFormat() {
    WindowSummary s = new WindowSummary("claims-risk", "<v1>", 1_000, 2_000, "training", 42, 1.0 / 3, false,
        List.of(new WindowSummary.Feature("income", 0.734, 0.2, true, 0.0, 1e-6, 1),
            new WindowSummary.Feature("age", null, 0.2, false, 0.25, null, 1)),
        new WindowSummary.Mix(null, null, Map.of("a", 0.5, "b", 0.5)), new WindowSummary.Serving(0, null, null));

    byte[] bytes = SummaryCodec.encode(s);

    assertThat(bytes[0]).isEqualTo(SummaryCodec.FORMAT);
    assertThat(SummaryCodec.decode(bytes)).isEqualTo(s);
    bytes[0] = 3;
    assertThatThrownBy(() -> SummaryCodec.decode(bytes)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 3");
  }

  @Test
  void shouldWriteTheClassRatiosInTheOrderGivenSoThatEqualSummariesGiveEqualBytes() {
    Map<String, Double> ratios = new java.util.LinkedHashMap<>();
    ratios.put("approve", 0.6);
    ratios.put("review", 0.3);
    ratios.put("deny", 0.1);
    WindowSummary s = new WindowSummary("claims-risk", "v1", 1_000, 2_000, "training", 10, 0.0, false, List.of(),
        new WindowSummary.Mix(0.4, 0.3, ratios), new WindowSummary.Serving(10, 0.1, 20.0));

    byte[] bytes = SummaryCodec.encode(s);

    assertThat(new String(bytes, 1, bytes.length - 1, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"classRatios\":{\"approve\":0.6,\"review\":0.3,\"deny\":0.1}");
    assertThat(SummaryCodec.decode(bytes).mix().classRatios().keySet()).containsExactly("approve", "review", "deny");
  }
}
