package dev.pqp.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The typed keys of stage 1's progress store write the bytes release 0.1 wrote. */
class ProgressKeyTest {
  @Test
  void shouldWriteAndReadStage1ProgressKeysAsRelease01Did() {
    assertThat(ProgressKey.CODEC.encode(ProgressKey.STREAM_TIME)).isEqualTo("stream-time".getBytes(StandardCharsets.UTF_8));
    assertThat(ProgressKey.CODEC.encode(new ProgressKey.Ticked("fraud"))).isEqualTo("model:fraud".getBytes(StandardCharsets.UTF_8));
    assertThat(ProgressKey.CODEC.decode("model:a:b".getBytes(StandardCharsets.UTF_8))).isEqualTo(new ProgressKey.Ticked("a:b"));
    assertThat(ProgressKey.CODEC.decode("stream-time".getBytes(StandardCharsets.UTF_8))).isEqualTo(ProgressKey.STREAM_TIME);
  }
}
