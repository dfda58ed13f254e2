package dev.pqp.ingest.registry;

import java.util.Map;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A {@link ConfluentAvroSerializer} and {@link ConfluentAvroDeserializer} as one {@link Serde}, for Kafka
 * Streams topics. Consumes and emits Avro records in the Confluent framing; configured with the union of
 * their settings, and shaped like Confluent's {@code SpecificAvroSerde} so either can replace the other.
 */
public class ConfluentAvroSerde<T extends IndexedRecord> implements Serde<T> {
  private final ConfluentAvroSerializer<T> serializer;
  private final ConfluentAvroDeserializer<T> deserializer;
  private SchemaRegistryClient client;

  /** GenericRecords, or generated classes chosen by the writer schema when {@code specific.avro.reader=true}. */
  public ConfluentAvroSerde() {
    this(null, null);
  }

  /** Records of the generated class {@code readerClass}. */
  public ConfluentAvroSerde(Class<T> readerClass) {
    this(null, readerClass);
  }

  /**
   * @param client a client to share between both sides (and other serdes), or {@code null} to create one
   * @param readerClass a generated class, or {@code null}
   */
  public ConfluentAvroSerde(SchemaRegistryClient client, Class<T> readerClass) {
    this.client = client;
    this.serializer = new ConfluentAvroSerializer<>(client);
    this.deserializer = new ConfluentAvroDeserializer<>(client, readerClass);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    // One client for both sides: the deserializer then finds the ids the serializer registered in cache.
    if (client == null) {
      client = new SchemaRegistryClient(RegistryConfig.from(configs));
      serializer.useClientIfAbsent(client);
      deserializer.useClientIfAbsent(client);
    }
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public void close() {
    serializer.close();
    deserializer.close();
  }
}
