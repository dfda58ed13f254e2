package dev.pqp.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.schema.PredictionEvent;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Serde behaviour that needs no registry answer; the round trips are in SchemaRegistryIntegrationTest. */
class ConfluentAvroSerdeTest {
  // Nothing listens here; these cases must not reach the registry at all.
  private static final Map<String, Object> CONFIG = Map.of(RegistryConfig.URL, "http://127.0.0.1:9");

  @Test
  void shouldPassTombstonesThrough() {
    try (var serde = new ConfluentAvroSerde<>(PredictionEvent.class)) {
      serde.configure(CONFIG, false);

      assertThat(serde.serializer().serialize("t", null)).isNull();
      assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }
  }

  @Test
  void shouldRejectBytesThatAreNotAFrameAsASerializationProblem() {
    var deserializer = new ConfluentAvroDeserializer<>(PredictionEvent.class);
    deserializer.configure(CONFIG, false);

    assertThatThrownBy(() -> deserializer.deserialize("ml.predictions", "{\"a\":1}".getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("ml.predictions")
        .hasMessageContaining("magic byte 0x00");
  }

  @Test
  void shouldRefuseAGenericReaderForASpecificClass() {
    var deserializer = new ConfluentAvroDeserializer<>(PredictionEvent.class);

    assertThatThrownBy(() -> deserializer.configure(Map.of(
            RegistryConfig.URL, "http://127.0.0.1:9", ConfluentAvroDeserializer.SPECIFIC_AVRO_READER, "false"), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("specific.avro.reader");
  }

  @Test
  void shouldNameTheSubjectAfterTheTopic() {
    assertThat(ConfluentAvroSerializer.subject("ml.predictions", false)).isEqualTo("ml.predictions-value");
    assertThat(ConfluentAvroSerializer.subject("ml.predictions", true)).isEqualTo("ml.predictions-key");
  }

  @Test
  void shouldRequireConfigureBeforeUse() {
    assertThatThrownBy(() -> new ConfluentAvroSerializer<PredictionEvent>().serialize("t", TestEvents.prediction("p")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("configure");
  }
}
