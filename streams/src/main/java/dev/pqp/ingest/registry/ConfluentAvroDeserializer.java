package dev.pqp.ingest.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Deserializes Confluent-framed Avro: consumes {@code 0x00}, a schema id and the Avro binary, resolves the
 * writer schema by id through the registry and reads it with Avro schema resolution into the reader
 * schema, so producers may add fields and omit optional ones. Emits a generated {@link SpecificRecord} when
 * {@value #SPECIFIC_AVRO_READER} is true (the reader class given to the constructor, else the class named
 * by the writer schema), otherwise a {@link GenericData.Record} in the writer's schema.
 *
 * <p>Thread-safe. {@link UnknownSchemaIdException} and {@link RegistryUnavailableException} are thrown as
 * they are, so an exception handler can tell a bad record from an outage; bytes that are not a frame or
 * do not decode become a {@link SerializationException}.
 */
public class ConfluentAvroDeserializer<T> implements Deserializer<T> {
  /** {@code true}: emit generated classes; {@code false} (default without a reader class): GenericRecord. */
  public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

  private static final ThreadLocal<BinaryDecoder> DECODERS = new ThreadLocal<>();

  private final Class<T> readerClass;
  // The reader schema is fixed per instance for a given writer, so the writer id alone keys the
  // (writer id, reader schema) pair and a record costs one map lookup, no schema parsing.
  private final ConcurrentMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
  private SchemaRegistryClient client;
  private boolean specific;

  /** A deserializer that creates its registry client in {@link #configure}. */
  public ConfluentAvroDeserializer() {
    this(null, null);
  }

  /** A deserializer into the generated class {@code readerClass}; {@value #SPECIFIC_AVRO_READER} defaults to true. */
  public ConfluentAvroDeserializer(Class<T> readerClass) {
    this(null, readerClass);
  }

  /**
   * @param client a shared client, or {@code null} to create one in {@link #configure}
   * @param readerClass a generated {@link SpecificRecord} class, or {@code null}
   */
  public ConfluentAvroDeserializer(SchemaRegistryClient client, Class<T> readerClass) {
    if (readerClass != null && !SpecificRecord.class.isAssignableFrom(readerClass)) {
      throw new IllegalArgumentException(readerClass.getName() + " is not a generated Avro SpecificRecord class");
    }
    this.client = client;
    this.readerClass = readerClass;
  }

  /** Lets a serde give both sides one client, so they share its caches. */
  void useClientIfAbsent(SchemaRegistryClient shared) {
    if (client == null) {
      client = shared;
    }
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    specific = ConfigValues.bool(configs, SPECIFIC_AVRO_READER, readerClass != null);
    if (readerClass != null && !specific) {
      // A GenericRecord handed out as T would fail later, far from the cause.
      throw ConfigValues.invalid(SPECIFIC_AVRO_READER, "false", "true when a reader class is given");
    }
    if (client == null) {
      client = new SchemaRegistryClient(RegistryConfig.from(configs));
    }
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    if (client == null) {
      throw new IllegalStateException("ConfluentAvroDeserializer used before configure(...)");
    }
    int id;
    try {
      id = ConfluentWire.schemaId(data);
    } catch (IllegalArgumentException e) {
      throw new SerializationException("Record on topic " + topic + " is not Confluent Avro: " + e.getMessage(), e);
    }
    DatumReader<T> reader = readers.get(id);
    if (reader == null) {
      reader = readers.computeIfAbsent(id, this::newReader);
    }
    try {
      int offset = ConfluentWire.HEADER_LENGTH;
      BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, DECODERS.get());
      DECODERS.set(decoder);
      return reader.read(null, decoder);
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | ClassCastException e) {
      throw new SerializationException(
          "Cannot decode a record on topic " + topic + " written with schema id " + id + ": " + e, e);
    }
  }

  private DatumReader<T> newReader(int id) {
    Schema writer = client.schemaById(id);
    if (!specific) {
      return new GenericDatumReader<>(writer, writer, GenericData.get());
    }
    Class<?> type = readerClass != null ? readerClass : SpecificData.get().getClass(writer);
    if (type == null) {
      throw new SerializationException(
          "No generated class " + writer.getFullName() + " on the classpath for schema id " + id
              + "; give a reader class or set " + SPECIFIC_AVRO_READER + "=false");
    }
    SpecificData model = SpecificData.getForClass(type);
    return new SpecificDatumReader<>(writer, model.getSchema(type), model);
  }

  @Override
  public void close() {
    readers.clear();
  }
}
