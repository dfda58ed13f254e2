package dev.pqp.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes derived records: Confluent-framed Avro when a registry serializer is given, else Avro
 * single-object encoding (readable with the schemas in pqp-schemas, no registry needed), or JSON. Every record
 * gets two headers that say what it is, so that a consumer in any language can pick its decoder without knowing
 * pqp's settings: {@value #TYPE_HEADER} (the Avro schema's full name, e.g. {@code dev.pqp.schema.FeatureDrift}) and
 * {@value #FORMAT_HEADER} ({@code json}, {@code avro-confluent} or {@code avro-single-object}).
 */
public final class OutputSerializer implements Serializer<SpecificRecordBase> {
  public static final String TYPE_HEADER = "pqp.record.type";
  public static final String FORMAT_HEADER = "pqp.format";
  private final Serializer<SpecificRecordBase> registry;
  private final boolean json;
  private final Map<Schema, BinaryMessageEncoder<SpecificRecordBase>> encoders = new ConcurrentHashMap<>();

  /** @param registry a Confluent-framing serializer, or null for single-object encoding */
  public OutputSerializer(Serializer<SpecificRecordBase> registry, boolean json) {
    this.registry = registry;
    this.json = json;
  }

  /** What {@value #FORMAT_HEADER} says of the records this serializer writes. */
  public String format() {
    return json ? "json" : registry != null ? "avro-confluent" : "avro-single-object";
  }

  @Override
  public byte[] serialize(String topic, Headers headers, SpecificRecordBase record) {
    if (record != null && headers != null) {
      label(headers, record.getSchema().getFullName(), format());
    }
    return serialize(topic, record);
  }

  /** Sets the two headers (replacing any an input record carried through). */
  public static void label(Headers headers, String type, String format) {
    headers.remove(TYPE_HEADER).add(TYPE_HEADER, type.getBytes(StandardCharsets.UTF_8));
    headers.remove(FORMAT_HEADER).add(FORMAT_HEADER, format.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public byte[] serialize(String topic, SpecificRecordBase record) {
    if (record == null) {
      return null;
    }
    if (json) {
      return GenericData.get().toString(record).getBytes(StandardCharsets.UTF_8);
    }
    if (registry != null) {
      return registry.serialize(topic, record);
    }
    try {
      ByteBuffer b = encoders.computeIfAbsent(record.getSchema(),
          schema -> new BinaryMessageEncoder<>(record.getSpecificData(), schema)).encode(record);
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
