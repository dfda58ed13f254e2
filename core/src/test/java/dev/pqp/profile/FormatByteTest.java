package dev.pqp.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FormatByteTest {
  @Test
  void shouldReturnAReadableFormatAndNameTheFormAndTheReadableOnesOtherwise() {
    assertThat(FormatByte.read(new byte[] {2, 9}, "performance window", 1, 2)).isEqualTo(2);
    assertThatThrownBy(() -> FormatByte.read(new byte[] {3}, "performance window", 1, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("performance window format 3 is not supported (this pqp reads [1, 2])");
    assertThatThrownBy(() -> FormatByte.read(new byte[0], "model state", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("model state: no bytes");
  }
}
