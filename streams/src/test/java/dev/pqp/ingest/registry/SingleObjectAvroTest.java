package dev.pqp.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.PredictionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.generic.GenericData;
import org.junit.jupiter.api.Test;

class SingleObjectAvroTest {

  @Test
  void shouldWriteHeaderWithLittleEndianFingerprint() {
    byte[] bytes = SingleObjectAvro.forClass(PredictionEvent.class).encode(TestEvents.prediction("p-1"));

    long expected = SchemaNormalization.parsingFingerprint64(PredictionEvent.getClassSchema());
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(bytes[2]).isEqualTo((byte) expected); // lowest byte first
    assertThat(SingleObjectAvro.fingerprint(bytes)).isEqualTo(expected);
    assertThat(SingleObjectAvro.isSingleObject(bytes)).isTrue();
  }

  @Test
  void shouldRoundTripAPredictionEvent() throws IOException {
    PredictionEvent event = TestEvents.prediction("p-1");
    SingleObjectAvro<PredictionEvent> avro = SingleObjectAvro.forClass(PredictionEvent.class);

    byte[] bytes = avro.encode(event);
    PredictionEvent decoded = avro.decode(bytes);

    assertThat(decoded).isEqualTo(event);
    assertThat(decoded.getPrediction().getScore()).isEqualTo(0.87);
    assertThat(decoded.getFeatures()).containsEntry("age", 42L).containsEntry("country", "NL");
    // Same bytes as the generated class's own encoder: interoperable with other Avro producers.
    assertThat(ByteBuffer.wrap(bytes)).isEqualTo(PredictionEvent.getEncoder().encode(event));
  }

  @Test
  void shouldResolveAnEvolvedWriterSchemaIntoTheReaderSchema() throws IOException {
    var writer = TestEvents.evolvedWriterSchema();
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer)
        .encode(TestEvents.evolvedRecord(writer, "p-2")).array();
    SingleObjectAvro<PredictionEvent> avro =
        SingleObjectAvro.forClass(PredictionEvent.class).addWriterSchema(writer);

    PredictionEvent decoded = avro.decode(bytes);

    assertThat(decoded.getPredictionId()).isEqualTo("p-2");
    assertThat(decoded.getModelName()).isEqualTo("fraud");
    assertThat(decoded.getTimestamp()).isEqualTo(1_700_000_123_456L);
    assertThat(decoded.getPrediction().getScore()).isEqualTo(0.25);
    assertThat(decoded.getFeatures()).isEqualTo(Map.of("amount", 99.5));
    assertThat(decoded.getLatencyMs()).isEqualTo(3.0);
    // Omitted by the writer: the reader's defaults.
    assertThat(decoded.getRoute()).isNull();
    assertThat(decoded.getAttributes()).isEmpty();
  }

  @Test
  void shouldRejectAnUnknownFingerprint() throws IOException {
    var writer = TestEvents.evolvedWriterSchema();
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer)
        .encode(TestEvents.evolvedRecord(writer, "p-3")).array();
    long fingerprint = SchemaNormalization.parsingFingerprint64(writer);

    assertThatThrownBy(() -> SingleObjectAvro.forClass(PredictionEvent.class).decode(bytes))
        .isInstanceOfSatisfying(
            UnknownFingerprintException.class, e -> assertThat(e.fingerprint()).isEqualTo(fingerprint))
        .hasMessageContaining(String.format("0x%016x", fingerprint));
  }

  @Test
  void shouldRejectARecordOfAnotherTypeAsUnknown() {
    byte[] groundTruth =
        SingleObjectAvro.forClass(GroundTruthEvent.class)
            .encode(GroundTruthEvent.newBuilder().setPredictionId("p-4").setTimestamp(1L).setLabel("churn").build());

    assertThatThrownBy(() -> SingleObjectAvro.forClass(PredictionEvent.class).decode(groundTruth))
        .isInstanceOf(UnknownFingerprintException.class);
  }

  @Test
  void shouldRejectBytesWithoutTheHeader() {
    assertThat(SingleObjectAvro.isSingleObject(new byte[] {0, 0, 0, 0, 1, 2})).isFalse();
    assertThatThrownBy(() -> SingleObjectAvro.forClass(PredictionEvent.class).decode(new byte[] {0, 0, 0, 0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0xC3 0x01");
  }
}
