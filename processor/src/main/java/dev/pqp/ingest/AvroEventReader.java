package dev.pqp.ingest;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.schema.FeatureEvent;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.PredictionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Reads Avro records (Confluent framing or single-object encoding) into pqp's reader schemas with Avro
 * schema resolution, so producers may add fields or omit optional ones, then maps them to events.
 */
final class AvroEventReader {
  private final WriterSchemas writerSchemas;
  private final Map<Long, SpecificDatumReader<SpecificRecordBase>> readers = new ConcurrentHashMap<>();
  private final Map<EventType, BinaryMessageDecoder<? extends SpecificRecordBase>> singleObject = Map.of(
      EventType.PREDICTION, PredictionEvent.getDecoder(),
      EventType.FEATURES, FeatureEvent.getDecoder(),
      EventType.GROUND_TRUTH, GroundTruthEvent.getDecoder());
  private BinaryDecoder reuse;

  AvroEventReader(WriterSchemas writerSchemas) {
    this.writerSchemas = writerSchemas;
  }

  Event readConfluent(byte[] bytes, EventType type, long recordTimestampMs) {
    int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
    Schema writer = writerSchemas.byId(id);
    SpecificDatumReader<SpecificRecordBase> reader = readers.computeIfAbsent(
        ((long) id << 2) | type.ordinal(), k -> new SpecificDatumReader<>(writer, readerSchema(type)));
    try {
      reuse = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, reuse);
      return toEvent(reader.read(null, reuse), recordTimestampMs);
    } catch (IOException | AvroRuntimeException | ClassCastException | IndexOutOfBoundsException e) {
      throw new Rejection(RejectReason.MALFORMED_AVRO,
          "Avro payload does not match writer schema id " + id + " or pqp's " + type.label() + " schema: " + e.getMessage());
    }
  }

  Event readSingleObject(byte[] bytes, EventType type, long recordTimestampMs) {
    try {
      return toEvent(singleObject.get(type).decode(bytes), recordTimestampMs);
    } catch (MissingSchemaException e) {
      throw new Rejection(RejectReason.UNKNOWN_SCHEMA_FINGERPRINT,
          "single-object Avro with a schema fingerprint pqp does not know: " + e.getMessage());
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

  static Event toEvent(SpecificRecordBase r, long recordTimestampMs) {
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
    if (g.getLabel() == null && g.getValue() == null) {
      throw new Rejection(RejectReason.MISSING_FIELD, "ground truth needs 'label' or 'value'");
    }
    return new GroundTruth(g.getPredictionId(), g.getTimestamp() != null ? g.getTimestamp() : recordTimestampMs,
        str(g.getLabel()), g.getValue());
  }

  private static Map<String, Object> features(Map<String, Object> in) {
    Map<String, Object> out = new HashMap<>(in.size() * 2);
    in.forEach((k, v) -> out.put(k.toString(), v instanceof CharSequence cs ? cs.toString()
        : v instanceof Integer i ? (Object) i.longValue() : v instanceof Float fl ? (Object) fl.doubleValue() : v));
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
