package dev.pqp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pqp.ingest.WireFormat;
import dev.pqp.ingest.registry.ConfluentAvroDeserializer;
import dev.pqp.ingest.registry.SingleObjectAvro;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.FeatureEvent;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Performance;
import dev.pqp.schema.PredictionEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Renders one Kafka record of any pqp topic as a JSON line, whatever the wire format of its value. */
final class RecordJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Schema> KNOWN = List.of(PredictionEvent.getClassSchema(), FeatureEvent.getClassSchema(),
      GroundTruthEvent.getClassSchema(), FeatureDrift.getClassSchema(), ModelWindow.getClassSchema(),
      Performance.getClassSchema());

  private final Map<Long, SingleObjectAvro<GenericRecord>> byFingerprint = new HashMap<>();
  private final ConfluentAvroDeserializer<GenericRecord> confluent;

  /** @param confluent a generic deserializer for Confluent-framed values, or null without a registry */
  RecordJson(ConfluentAvroDeserializer<GenericRecord> confluent) {
    this.confluent = confluent;
    for (Schema s : KNOWN) {
      byFingerprint.put(SchemaNormalization.parsingFingerprint64(s), SingleObjectAvro.forSchema(s));
    }
  }

  String render(ConsumerRecord<byte[], byte[]> r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("topic", r.topic());
    o.put("partition", r.partition());
    o.put("offset", r.offset());
    o.put("timestamp", r.timestamp());
    o.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
    ObjectNode headers = o.putObject("headers");
    for (Header h : r.headers()) {
      headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
    }
    WireFormat format = WireFormat.detect(r.value());
    o.put("format", format.name().toLowerCase(java.util.Locale.ROOT));
    o.set("value", value(r.topic(), r.value(), format));
    return o.toString();
  }

  private JsonNode value(String topic, byte[] v, WireFormat format) {
    if (v == null) {
      return JSON.nullNode();
    }
    try {
      return switch (format) {
        case JSON -> JSON.readTree(v);
        case AVRO_CONFLUENT -> confluent == null ? raw(v) : avro(confluent.deserialize(topic, v));
        case AVRO_SINGLE_OBJECT -> {
          SingleObjectAvro<GenericRecord> codec = byFingerprint.get(SingleObjectAvro.fingerprint(v));
          yield codec == null ? raw(v) : avro(codec.decode(v));
        }
        case UNKNOWN -> raw(v);
      };
    } catch (Exception e) {
      return raw(v); // a value that does not decode is shown as it is: tail is for looking at bad records too
    }
  }

  private static JsonNode avro(GenericRecord record) throws java.io.IOException {
    return JSON.readTree(GenericData.get().toString(record));
  }

  private static JsonNode raw(byte[] v) {
    ObjectNode n = JSON.createObjectNode();
    String text = new String(v, StandardCharsets.UTF_8);
    boolean printable = text.chars().allMatch(c -> c >= 0x20 || c == '\n' || c == '\t') && !text.contains("\uFFFD");
    n.put(printable ? "text" : "base64", printable ? text : Base64.getEncoder().encodeToString(v));
    return n;
  }
}
