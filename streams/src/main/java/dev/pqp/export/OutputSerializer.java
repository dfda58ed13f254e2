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
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes derived records: Confluent-framed Avro when a registry serializer is given, else Avro
 * single-object encoding (readable with the schemas in pqp-schemas, no registry needed), or JSON.
 */
public final class OutputSerializer implements Serializer<SpecificRecordBase> {
  private final Serializer<SpecificRecordBase> registry;
  private final boolean json;
  private final Map<Schema, BinaryMessageEncoder<SpecificRecordBase>> encoders = new ConcurrentHashMap<>();

  /** @param registry a Confluent-framing serializer, or null for single-object encoding */
  public OutputSerializer(Serializer<SpecificRecordBase> registry, boolean json) {
    this.registry = registry;
    this.json = json;
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
