package dev.pqp.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.schema.PredictionEvent;
import dev.pqp.testing.ApicurioRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The serdes and the client against a real registry serving the Confluent API (Apicurio Registry). */
class SchemaRegistryIntegrationTest {
  private static ApicurioRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = ApicurioRegistry.start();
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Map<String, Object> config(String url, Object... keyValues) {
    Map<String, Object> config = new HashMap<>(Map.of(RegistryConfig.URL, url));
    for (int i = 0; i < keyValues.length; i += 2) {
      config.put((String) keyValues[i], keyValues[i + 1]);
    }
    return config;
  }

  private static <T> ConfluentAvroDeserializer<T> deserializer(
      ConfluentAvroDeserializer<T> deserializer, Object... keyValues) {
    deserializer.configure(config(registry.url(), keyValues), false);
    return deserializer;
  }

  @Test
  void shouldRoundTripASpecificPredictionEventThroughTheRegistry() {
    PredictionEvent event = TestEvents.prediction("p-1");
    try (var serde = new ConfluentAvroSerde<>(PredictionEvent.class)) {
      serde.configure(config(registry.url()), false);

      byte[] bytes = serde.serializer().serialize("it.roundtrip", event);

      int id = ConfluentWire.schemaId(bytes);
      // A fresh client, so the schema and the record really come back from the registry, not a cache.
      var fresh = new SchemaRegistryClient(RegistryConfig.of(registry.url()));
      assertThat(fresh.idOf("it.roundtrip-value", PredictionEvent.getClassSchema())).isEqualTo(id);
      assertThat(fresh.schemaById(id)).isEqualTo(PredictionEvent.getClassSchema());
      PredictionEvent decoded = deserializer(new ConfluentAvroDeserializer<>(fresh, PredictionEvent.class))
          .deserialize("it.roundtrip", bytes);
      assertThat(decoded).isEqualTo(event);
      assertThat(decoded.getPrediction().getScore()).isEqualTo(0.87);
      assertThat(decoded.getFeatures()).containsEntry("income", 51_000.5).containsEntry("vip", true);
      assertThat(serde.deserializer().deserialize("it.roundtrip", bytes)).isEqualTo(event);
    }
  }

  @Test
  void shouldResolveAnEvolvedWriterSchemaIntoThePqpReaderType() {
    Schema writer = TestEvents.evolvedWriterSchema();
    int id = new SchemaRegistryClient(RegistryConfig.of(registry.url())).register("it.evolution-value", writer);
    var serializer = new ConfluentAvroSerializer<GenericRecord>();
    serializer.configure(config(registry.url(), ConfluentAvroSerializer.AUTO_REGISTER_SCHEMAS, "false"), false);

    byte[] bytes = serializer.serialize("it.evolution", TestEvents.evolvedRecord(writer, "p-2"));
    PredictionEvent decoded =
        deserializer(new ConfluentAvroDeserializer<>(PredictionEvent.class)).deserialize("it.evolution", bytes);

    assertThat(ConfluentWire.schemaId(bytes)).isEqualTo(id);
    assertThat(decoded.getPredictionId()).isEqualTo("p-2");
    assertThat(decoded.getModelName()).isEqualTo("fraud");
    assertThat(decoded.getModelVersion()).isEqualTo("v9");
    assertThat(decoded.getTimestamp()).isEqualTo(1_700_000_123_456L);
    assertThat(decoded.getPrediction().getScore()).isEqualTo(0.25);
    assertThat(decoded.getFeatures()).isEqualTo(Map.of("amount", 99.5));
    assertThat(decoded.getLatencyMs()).isEqualTo(3.0);
    assertThat(decoded.getRoute()).isNull(); // omitted by the writer: reader default
    assertThat(decoded.getAttributes()).isEmpty(); // omitted by the writer: reader default
  }

  @Test
  void shouldFindTheSpecificClassFromTheWriterSchemaOrReadGeneric() {
    Schema writer = TestEvents.evolvedWriterSchema();
    var serializer = new ConfluentAvroSerializer<GenericRecord>();
    serializer.configure(config(registry.url()), false);
    byte[] bytes = serializer.serialize("it.reader-choice", TestEvents.evolvedRecord(writer, "p-3"));

    Object specific =
        deserializer(new ConfluentAvroDeserializer<>(), ConfluentAvroDeserializer.SPECIFIC_AVRO_READER, true)
            .deserialize("it.reader-choice", bytes);
    GenericRecord generic = deserializer(new ConfluentAvroDeserializer<GenericRecord>())
        .deserialize("it.reader-choice", bytes);

    assertThat(specific)
        .isInstanceOfSatisfying(PredictionEvent.class, e -> assertThat(e.getPredictionId()).isEqualTo("p-3"));
    // Generic reading keeps the writer's view, extra field included.
    assertThat(generic.get("region")).hasToString("eu-west-1");
    assertThat(generic.getSchema().getField("route")).isNull();
  }

  @Test
  void shouldUseAnExistingSchemaWithoutRegistering() {
    var client = new SchemaRegistryClient(RegistryConfig.of(registry.url()));
    int id = client.register("it.lookup-value", PredictionEvent.getClassSchema());
    var serializer = new ConfluentAvroSerializer<PredictionEvent>();
    serializer.configure(config(registry.url(), ConfluentAvroSerializer.AUTO_REGISTER_SCHEMAS, false), false);

    byte[] bytes = serializer.serialize("it.lookup", TestEvents.prediction("p-4"));

    assertThat(ConfluentWire.schemaId(bytes)).isEqualTo(id);
  }

  @Test
  void shouldRefuseAMissingSubjectOrSchemaWhenNotAutoRegistering() {
    new SchemaRegistryClient(RegistryConfig.of(registry.url()))
        .register("it.other-schema-value", TestEvents.evolvedWriterSchema());
    var serializer = new ConfluentAvroSerializer<PredictionEvent>();
    serializer.configure(config(registry.url(), ConfluentAvroSerializer.AUTO_REGISTER_SCHEMAS, "false"), false);

    assertThatThrownBy(() -> serializer.serialize("it.never-registered", TestEvents.prediction("p-5")))
        .isInstanceOfSatisfying(SchemaNotRegisteredException.class, e -> {
          assertThat(e.subject()).isEqualTo("it.never-registered-value");
          assertThat(e.errorCode()).isEqualTo(40401); // subject not found
        });
    assertThatThrownBy(() -> serializer.serialize("it.other-schema", TestEvents.prediction("p-5")))
        .isInstanceOfSatisfying(SchemaNotRegisteredException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
  }

  @Test
  void shouldRaiseUnknownSchemaIdForAnIdTheRegistryNeverIssued() {
    byte[] frame = ConfluentWire.frame(987_654, new byte[] {2, 0x61});
    var deserializer = deserializer(new ConfluentAvroDeserializer<>(PredictionEvent.class));

    assertThatThrownBy(() -> deserializer.deserialize("it.unknown-id", frame))
        .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> {
          assertThat(e.schemaId()).isEqualTo(987_654);
          assertThat(e.status()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(40403);
        });
  }

  @Test
  void shouldRaiseRegistryUnavailableWhenNothingListens() throws IOException {
    String down = "http://127.0.0.1:" + closedPort() + "/apis/ccompat/v7";
    var deserializer = new ConfluentAvroDeserializer<>(PredictionEvent.class);
    deserializer.configure(config(down), false);

    long start = System.nanoTime();
    assertThatThrownBy(() -> deserializer.deserialize("it.down", ConfluentWire.frame(1, new byte[0])))
        .isInstanceOf(RegistryUnavailableException.class)
        .isNotInstanceOf(RegistryException.class)
        .hasMessageContaining(down);
    // Three rounds with 100 ms and 200 ms backoff: bounded, not a hang.
    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 5_000L);
  }

  @Test
  void shouldFailOverToTheNextUrl() throws IOException {
    PredictionEvent event = TestEvents.prediction("p-6");
    String urls = "http://127.0.0.1:" + closedPort() + "," + registry.url();
    var serializer = new ConfluentAvroSerializer<PredictionEvent>();
    serializer.configure(config(urls), false);
    var deserializer = new ConfluentAvroDeserializer<>(PredictionEvent.class);
    deserializer.configure(config(urls), false);

    assertThat(deserializer.deserialize("it.failover", serializer.serialize("it.failover", event))).isEqualTo(event);
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
