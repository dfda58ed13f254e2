package dev.pqp.ingest;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureValues;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.schema.FeatureEvent;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.PredictionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Reads Avro records (Confluent framing or single-object encoding) into pqp's reader schemas with Avro
 * schema resolution, so producers may add fields or omit optional ones, then maps them to events.
 */
final class AvroEventReader {
  private final WriterSchemas writerSchemas;
  private final Map<Long, SpecificDatumReader<SpecificRecordBase>> readers = new ConcurrentHashMap<>();
  private final Map<EventType, SpecificDatumReader<SpecificRecordBase>> singleObject = new EnumMap<>(EventType.class);
  private final Map<EventType, Long> fingerprints = new EnumMap<>(EventType.class);
  private final BoundedAvroDecoder decoder = new BoundedAvroDecoder();
  /** Scratch for one event's features: one per reader, as the decoder is. */
  private final FeatureValues.Builder featureBuilder = new FeatureValues.Builder();

  AvroEventReader(WriterSchemas writerSchemas) {
    this.writerSchemas = writerSchemas;
    for (EventType type : EventType.values()) {
      singleObject.put(type, new SpecificDatumReader<>(readerSchema(type)));
      fingerprints.put(type, SchemaNormalization.parsingFingerprint64(readerSchema(type)));
    }
  }

  Event readConfluent(byte[] bytes, EventType type, long recordTimestampMs) {
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    Schema writer = writerSchemas.byId(id);
    SpecificDatumReader<SpecificRecordBase> reader = readers.computeIfAbsent(
        ((long) id << 2) | type.ordinal(), k -> new SpecificDatumReader<>(writer, readerSchema(type)));
    try {
      return toEvent(reader.read(null, decoder.reset(bytes, 5, bytes.length - 5)), recordTimestampMs);
    } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
      throw new Rejection(RejectReason.MALFORMED_AVRO,
          "Avro payload does not match writer schema id " + id + " or pqp's " + type.label() + " schema: " + e.getMessage());
    }
  }

  /**
   * {@code 0xC3 0x01}, the 8-byte little-endian CRC-64-AVRO fingerprint of the writer schema, then the datum; as
   * Avro's {@code BinaryMessageDecoder} of the generated class, only that class's own schema is known, but the
   * datum is read through the bounded decoder.
   */
  Event readSingleObject(byte[] bytes, EventType type, long recordTimestampMs) {
    long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    if (fingerprint != fingerprints.get(type)) {
      throw new Rejection(RejectReason.UNKNOWN_SCHEMA_FINGERPRINT, "single-object Avro with a schema fingerprint pqp"
          + " does not know: " + fingerprint + " (pqp's " + type.label() + " schema has " + fingerprints.get(type) + ")");
    }
    try {
      return toEvent(singleObject.get(type).read(null, decoder.reset(bytes, 10, bytes.length - 10)), recordTimestampMs);
    } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
      throw new Rejection(RejectReason.MALFORMED_AVRO, "single-object Avro payload cannot be read: " + e.getMessage());
    }
  }

  private static Schema readerSchema(EventType type) {
    return switch (type) {
      case PREDICTION -> PredictionEvent.getClassSchema();
      case FEATURES -> FeatureEvent.getClassSchema();
      case GROUND_TRUTH -> GroundTruthEvent.getClassSchema();
    };
  }

  private Event toEvent(SpecificRecordBase r, long recordTimestampMs) {
    if (r instanceof PredictionEvent p) {
      var out = p.getPrediction();
      Map<String, Double> probs = out.getProbabilities() == null ? null : strings(out.getProbabilities());
      if (out.getScore() == null && out.getLabel() == null && probs == null && out.getValue() == null) {
        throw new Rejection(RejectReason.MISSING_FIELD, "field 'prediction' needs at least one of score, label, probabilities, value");
      }
      return new Prediction(p.getPredictionId(), p.getModelName(), p.getModelVersion(),
          p.getTimestamp() != null ? p.getTimestamp() : recordTimestampMs, features(p.getFeatures()),
          new Output(out.getScore(), str(out.getLabel()), probs, out.getValue()), p.getLatencyMs(),
          str(p.getStatus()), str(p.getRoute()), strings(p.getAttributes()));
    }
    if (r instanceof FeatureEvent f) {
      return new FeatureLog(f.getModelName(), str(f.getModelVersion()), str(f.getPredictionId()),
          f.getTimestamp() != null ? f.getTimestamp() : recordTimestampMs, features(f.getFeatures()));
    }
    GroundTruthEvent g = (GroundTruthEvent) r;
    Map<String, Double> outcomes = g.getOutcomes() == null ? Map.of() : strings(g.getOutcomes());
    if (g.getLabel() == null && g.getValue() == null && outcomes.isEmpty()) {
      throw new Rejection(RejectReason.MISSING_FIELD, "ground truth needs 'label', 'value' or 'outcomes'");
    }
    return new GroundTruth(g.getPredictionId(), g.getTimestamp() != null ? g.getTimestamp() : recordTimestampMs,
        str(g.getLabel()), g.getValue(), outcomes);
  }


  /**
   * Avro's map of the features as a {@link FeatureValues}: its values unboxed into arrays, without the copy into
   * another map. The reader schema's union gives only strings ({@code Utf8} or String), doubles, longs, booleans
   * and nulls; an int or a float (a promoted writer's, in case) is read as a long or a double, as before.
   */
  private Map<String, Object> features(Map<? extends CharSequence, Object> in) {
    FeatureValues.Builder out = featureBuilder.clear();
    for (Map.Entry<? extends CharSequence, Object> e : in.entrySet()) {
      String name = e.getKey().toString();
      Object v = e.getValue();
      if (v instanceof CharSequence cs) {
        out.text(name, cs.toString());
      } else if (v instanceof Integer i) {
        out.integer(name, i);
      } else if (v instanceof Float f) {
        out.real(name, f);
      } else if (!out.add(name, v)) {
        return copy(in); // a value the schema does not allow: kept as it is, as before
      }
    }
    return out.build();
  }

  private static Map<String, Object> copy(Map<? extends CharSequence, Object> in) {
    Map<String, Object> out = new HashMap<>(in.size() * 2);
    in.forEach((k, v) -> out.put(k.toString(), v));
    return out;
  }

  private static <V> Map<String, V> strings(Map<? extends CharSequence, V> in) {
    if (in == null) {
      return null;
    }
    Map<String, V> out = new HashMap<>();
    in.forEach((k, v) -> out.put(k.toString(), v instanceof CharSequence cs ? castString(cs, v) : v));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static <V> V castString(CharSequence cs, V v) {
    return (V) cs.toString();
  }

  private static String str(CharSequence s) {
    return s == null ? null : s.toString();
  }
}
