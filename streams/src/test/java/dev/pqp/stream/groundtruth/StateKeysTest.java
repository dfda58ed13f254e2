package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.export.GroundTruthMetrics.Result;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The typed keys of the join's and the aggregation's heap stores write the bytes release 0.1 wrote. */
class StateKeysTest {
  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldWriteAndReadTheJoinsKeysAsRelease01Did() {
    assertThat(JoinStateKey.CODEC.encode(JoinStateKey.Time.PREDICTIONS)).isEqualTo(utf8("prediction-time"));
    assertThat(JoinStateKey.CODEC.encode(JoinStateKey.Time.LABELS)).isEqualTo(utf8("label-time"));
    assertThat(JoinStateKey.CODEC.encode(JoinStateKey.Time.LEGACY_BOTH)).isEqualTo(utf8("stream-time"));
    assertThat(JoinStateKey.CODEC.encode(new JoinStateKey.Count(Result.EARLY_MATCHED))).isEqualTo(utf8("count/EARLY_MATCHED"));
    assertThat(JoinStateKey.CODEC.decode(utf8("count/ORPHAN"))).isEqualTo(new JoinStateKey.Count(Result.ORPHAN));
    assertThat(JoinStateKey.CODEC.decode(utf8("stream-time"))).isEqualTo(JoinStateKey.Time.LEGACY_BOTH);
    assertThatThrownBy(() -> JoinStateKey.CODEC.decode(utf8("model:x"))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldWriteAndReadTheAggregationsKeysAsRelease01Did() {
    assertThat(AggregationKey.CODEC.encode(AggregationKey.Time.STREAM_TIME)).isEqualTo(utf8("stream-time"));
    assertThat(AggregationKey.CODEC.encode(AggregationKey.Time.SEALED)).isEqualTo(utf8("sealed"));
    assertThat(AggregationKey.CODEC.encode(new AggregationKey.JoinTask(7))).isEqualTo(utf8("join/7"));
    assertThat(AggregationKey.CODEC.decode(utf8("join/12"))).isEqualTo(new AggregationKey.JoinTask(12));
    assertThat(AggregationKey.CODEC.decode(utf8("sealed"))).isEqualTo(AggregationKey.Time.SEALED);
  }
}
