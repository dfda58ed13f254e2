package dev.pqp.ingest.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding: {@code 0xC3 0x01}, the writer schema's 8-byte little-endian CRC-64-AVRO
 * fingerprint, then the Avro binary. Consumes such bytes and emits records in the reader schema, resolving
 * from any writer schema added to its store, so no registry is needed; encodes records in the reader
 * schema. Built on Avro's own {@link BinaryMessageEncoder} and {@link BinaryMessageDecoder}, which are
 * thread-safe, and so is this class.
 *
 * @param <T> the generated class, or {@link org.apache.avro.generic.GenericRecord}
 */
public final class SingleObjectAvro<T> {
  /** Marker, version byte and fingerprint. */
  public static final int HEADER_LENGTH = 10;

  private final SchemaStore.Cache store = new SchemaStore.Cache();
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private SingleObjectAvro(GenericData model, Schema readerSchema) {
    this.encoder = new BinaryMessageEncoder<>(model, readerSchema);
    this.decoder = new BinaryMessageDecoder<>(model, readerSchema, store);
  }

  /** Encodes and decodes the generated class {@code type}. */
  public static <T extends SpecificRecord> SingleObjectAvro<T> forClass(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    return new SingleObjectAvro<>(model, model.getSchema(type));
  }

  /** Encodes and decodes GenericRecords of {@code readerSchema}. */
  public static <T> SingleObjectAvro<T> forSchema(Schema readerSchema) {
    return new SingleObjectAvro<>(GenericData.get(), readerSchema);
  }

  /** Makes records written with {@code writerSchema} decodable (resolved into the reader schema). */
  public SingleObjectAvro<T> addWriterSchema(Schema writerSchema) {
    store.addSchema(writerSchema);
    return this;
  }

  /** Whether {@code bytes} start with the single-object marker: for choosing a decoder. */
  public static boolean isSingleObject(byte[] bytes) {
    return bytes != null && bytes.length >= HEADER_LENGTH && bytes[0] == (byte) 0xC3 && bytes[1] == 0x01;
  }

  /** The writer schema's fingerprint named in the header of a single-object encoded record. */
  public static long fingerprint(byte[] bytes) {
    if (!isSingleObject(bytes)) {
      throw new IllegalArgumentException(
          "Not Avro single-object encoding: expected 0xC3 0x01 and an 8-byte fingerprint");
    }
    return ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The record in single-object encoding, written with the reader schema. */
  public byte[] encode(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The record in the reader schema.
   *
   * @throws IllegalArgumentException if the bytes do not start with the single-object header
   * @throws UnknownFingerprintException if the writer schema is neither the reader schema nor in the store
   * @throws org.apache.avro.AvroRuntimeException if the payload does not decode
   */
  public T decode(byte[] bytes) {
    long fingerprint = fingerprint(bytes);
    try {
      return decoder.decode(bytes);
    } catch (MissingSchemaException e) {
      throw new UnknownFingerprintException(fingerprint, e);
    } catch (IOException e) {
      // From a byte array this is a truncated or corrupt payload, not an I/O failure.
      throw new AvroRuntimeException("Cannot decode a single-object encoded record: " + e, e);
    }
  }
}
