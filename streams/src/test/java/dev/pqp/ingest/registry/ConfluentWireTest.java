package dev.pqp.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfluentWireTest {

  @Test
  void shouldWriteMagicBigEndianIdAndPayload() {
    byte[] frame = ConfluentWire.frame(0x01020304, new byte[] {7, 8});

    assertThat(frame).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04, 7, 8);
  }

  @Test
  void shouldRoundTripTheSchemaId() {
    for (int id : new int[] {0, 1, 255, 256, 100_000, Integer.MAX_VALUE}) {
      assertThat(ConfluentWire.schemaId(ConfluentWire.frame(id, new byte[] {42}))).isEqualTo(id);
    }
  }

  @Test
  void shouldWriteTheSameHeaderIntoAStream() {
    var out = new java.io.ByteArrayOutputStream();
    ConfluentWire.writeHeader(out, 70_000);
    out.write(9);

    assertThat(out.toByteArray()).isEqualTo(ConfluentWire.frame(70_000, new byte[] {9}));
    assertThat(ConfluentWire.schemaId(out.toByteArray())).isEqualTo(70_000);
  }

  @Test
  void shouldAcceptAnEmptyPayload() {
    // An Avro record with no fields encodes to zero bytes.
    byte[] frame = ConfluentWire.frame(5, new byte[0]);

    assertThat(frame).hasSize(ConfluentWire.HEADER_LENGTH);
    assertThat(ConfluentWire.schemaId(frame)).isEqualTo(5);
  }

  @Test
  void shouldRejectATooShortBuffer() {
    assertThat(ConfluentWire.isFramed(new byte[] {0, 0, 0, 1})).isFalse();
    assertThatThrownBy(() -> ConfluentWire.schemaId(new byte[] {0, 0, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 bytes")
        .hasMessageContaining("at least 5");
  }

  @Test
  void shouldRejectAWrongMagicByte() {
    byte[] json = "{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    assertThat(ConfluentWire.isFramed(json)).isFalse();
    assertThatThrownBy(() -> ConfluentWire.schemaId(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x7b")
        .hasMessageContaining("magic byte 0x00");
  }

  @Test
  void shouldRejectNull() {
    assertThatThrownBy(() -> ConfluentWire.schemaId(null)).hasMessageContaining("null");
  }
}
