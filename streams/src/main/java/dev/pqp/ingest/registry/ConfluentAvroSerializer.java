package dev.pqp.ingest.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes Avro records (generated {@link SpecificRecord}s or {@link GenericData.Record}s) into the
 * Confluent framing, registering or looking up the record's schema under the subject
 * {@code <topic>-value} or {@code <topic>-key} (TopicNameStrategy). Configured like Confluent's
 * {@code KafkaAvroSerializer}: {@link RegistryConfig}'s settings plus {@value #AUTO_REGISTER_SCHEMAS}.
 *
 * <p>Thread-safe. Registry errors ({@link RegistryException}, {@link RegistryUnavailableException}) are
 * thrown as they are; records Avro cannot write become a {@link SerializationException}.
 */
public class ConfluentAvroSerializer<T extends IndexedRecord> implements Serializer<T> {
  /** {@code true} (default): register the schema; {@code false}: it must already be registered. */
  public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

  private final ConcurrentMap<WriterKey, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;
  private boolean autoRegister = true;
  private boolean isKey;

  /** A serializer that creates its registry client in {@link #configure}. */
  public ConfluentAvroSerializer() {}

  /** A serializer sharing {@code client} (and its caches); {@link #configure} then only reads the flags. */
  public ConfluentAvroSerializer(SchemaRegistryClient client) {
    this.client = client;
  }

  /** Lets a serde give both sides one client, so they share its caches. */
  void useClientIfAbsent(SchemaRegistryClient shared) {
    if (client == null) {
      client = shared;
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    this.autoRegister = ConfigValues.bool(configs, AUTO_REGISTER_SCHEMAS, true);
    if (client == null) {
      client = new SchemaRegistryClient(RegistryConfig.from(configs));
    }
  }

  /** The subject a schema is registered under: Confluent's TopicNameStrategy. */
  public static String subject(String topic, boolean isKey) {
    return topic + (isKey ? "-key" : "-value");
  }

  /**
   * Registers (or, without auto-registration, looks up) {@code schema} for {@code topic} now and returns its
   * id: the client keeps it, so later records of that schema are written without asking the registry.
   *
   * @throws RegistryUnavailableException if no registry URL answered
   * @throws RegistryException if the registry refuses, for example an incompatible schema
   */
  public int prepare(String topic, Schema schema) {
    String subject = subject(topic, isKey);
    return autoRegister ? client.register(subject, schema) : client.idOf(subject, schema);
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (data == null) {
      return null; // tombstones stay tombstones
    }
    if (client == null) {
      throw new IllegalStateException("ConfluentAvroSerializer used before configure(...)");
    }
    Schema schema = data.getSchema();
    int id = prepare(topic, schema);
    Buffer buffer = BUFFERS.get();
    buffer.out.reset();
    ConfluentWire.writeHeader(buffer.out, id);
    try {
      buffer.encoder = EncoderFactory.get().directBinaryEncoder(buffer.out, buffer.encoder);
      writer(schema, data).write(data, buffer.encoder);
      buffer.encoder.flush();
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      // A missing required field shows up as an NPE and a wrong type as a ClassCastException.
      throw new SerializationException(
          "Cannot write a " + schema.getFullName() + " to topic " + topic + ": " + e.getMessage(), e);
    }
    return buffer.out.toByteArray();
  }

  private DatumWriter<Object> writer(Schema schema, T data) {
    WriterKey key = new WriterKey(schema, data instanceof SpecificRecord);
    return writers.computeIfAbsent(
        key,
        k -> k.specific() ? new SpecificDatumWriter<>(schema) : new GenericDatumWriter<>(schema, GenericData.get()));
  }

  @Override
  public void close() {
    writers.clear();
  }

  /** Generated classes need the specific writer (for their enums and conversions); others the generic one. */
  private record WriterKey(Schema schema, boolean specific) {}

  /** Per thread, because a Kafka producer calls serializers from any thread that sends. */
  private static final class Buffer {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    BinaryEncoder encoder;
  }
}
