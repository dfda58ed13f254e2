package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.NOW;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.schema.FeatureEvent;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.Prediction;
import dev.pqp.schema.PredictionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Generated events of the three types that a producer could send, mostly valid, and their encodings in
 * the three wire formats: the seeds that {@link DecoderFuzzTest} mutates.
 */
final class ValidRecords {
  /** Registry ids of the writer schemas the fuzzed decoders know; mutated ids hit the others or none. */
  static final int FEATURES_ID = 8;
  static final int GROUND_TRUTH_ID = 9;
  static final int EVOLVED_ID = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One encoded record and the topic type it is sent to. */
  record Encoded(EventType type, WireFormat format, byte[] bytes) {}

  private ValidRecords() {}

  static WriterSchemas registry() {
    return IngestFixtures.inMemory(Map.of(IngestFixtures.PREDICTION_ID, PredictionEvent.getClassSchema(),
        FEATURES_ID, FeatureEvent.getClassSchema(), GROUND_TRUTH_ID, GroundTruthEvent.getClassSchema(),
        EVOLVED_ID, AvroDecodingTest.evolvedWriterSchema()));
  }

  static int idOf(EventType type) {
    return switch (type) {
      case PREDICTION -> IngestFixtures.PREDICTION_ID;
      case FEATURES -> FEATURES_ID;
      case GROUND_TRUTH -> GROUND_TRUTH_ID;
    };
  }

  static Arbitrary<Encoded> encoded() {
    Arbitrary<WireFormat> formats = Arbitraries.of(WireFormat.JSON, WireFormat.AVRO_CONFLUENT, WireFormat.AVRO_SINGLE_OBJECT);
    return Combinators.combine(events(), formats).as((e, f) -> new Encoded(typeOf(e), f, encode(e, f)));
  }

  static Arbitrary<SpecificRecordBase> events() {
    return Arbitraries.oneOf(predictions(), featureEvents(), groundTruths());
  }

  static EventType typeOf(SpecificRecordBase e) {
    return e instanceof PredictionEvent ? EventType.PREDICTION
        : e instanceof FeatureEvent ? EventType.FEATURES : EventType.GROUND_TRUTH;
  }

  static byte[] encode(SpecificRecordBase e, WireFormat format) {
    return switch (format) {
      case JSON -> json(e);
      case AVRO_CONFLUENT -> IngestFixtures.confluentFramed(idOf(typeOf(e)), e.getSchema(), e);
      default -> singleObject(e);
    };
  }

  static byte[] singleObject(SpecificRecordBase e) {
    try {
      ByteBuffer b = new BinaryMessageEncoder<SpecificRecordBase>(SpecificData.get(), e.getSchema()).encode(e);
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** The JSON form: the Avro field names, unions written as plain values. */
  static byte[] json(SpecificRecordBase e) {
    try {
      return JSON.writeValueAsBytes(plain(e));
    } catch (JsonProcessingException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static Object plain(Object v) {
    if (v instanceof SpecificRecordBase r) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Schema.Field f : r.getSchema().getFields()) {
        m.put(f.name(), plain(r.get(f.pos())));
      }
      return m;
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, x) -> m.put(k.toString(), plain(x)));
      return m;
    }
    return v instanceof CharSequence cs ? cs.toString() : v;
  }

  static Arbitrary<String> names() {
    Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_.:/")
        .ofMinLength(1).ofMaxLength(12);
    // any UTF-16 text but lone surrogates, which no encoder writes (the hostile JSON has them as escapes)
    Arbitrary<String> any = Arbitraries.strings().withCharRange('\u0000', '\uD7FF').withCharRange('\uE000', '\uFFFF')
        .ofMaxLength(6);
    return Arbitraries.frequencyOf(Tuple.of(9, plain), Tuple.of(1, any));
  }

  private static Arbitrary<Long> timestamps() {
    return Arbitraries.longs().between(NOW - 3_600_000L, NOW).injectNull(0.2);
  }

  private static Arbitrary<Map<String, Object>> features() {
    Arbitrary<Object> value = Arbitraries.oneOf(
        Arbitraries.doubles().between(-1e9, 1e9).map(d -> (Object) d),
        Arbitraries.longs().map(l -> (Object) l),
        Arbitraries.of(true, false).map(b -> (Object) b),
        names().map(s -> (Object) s)).injectNull(0.1);
    return Arbitraries.maps(names(), value).ofMaxSize(6);
  }

  static Arbitrary<SpecificRecordBase> predictions() {
    Arbitrary<Prediction> outputs = Combinators.combine(
        Arbitraries.doubles().between(0, 1).injectNull(0.3), names().injectNull(0.5),
        Arbitraries.maps(names(), Arbitraries.doubles().between(0, 1)).ofMaxSize(3).injectNull(0.7),
        Arbitraries.doubles().between(-1e6, 1e6).injectNull(0.7))
        .as((score, label, probs, value) -> Prediction.newBuilder().setScore(score).setLabel(label)
            .setProbabilities(probs == null ? null : new LinkedHashMap<>(probs)).setValue(value).build());
    Arbitrary<Map<String, String>> attributes = Arbitraries.maps(names(), names()).ofMaxSize(2);
    return Combinators.combine(names(), names(), names(), timestamps(), features(), outputs,
        Arbitraries.doubles().between(0, 1e4).injectNull(0.5), attributes)
        .as((id, model, version, ts, features, output, latency, attrs) -> PredictionEvent.newBuilder()
            .setPredictionId(id).setModelName(model).setModelVersion(version).setTimestamp(ts)
            .setFeatures(new LinkedHashMap<>(features)).setPrediction(output).setLatencyMs(latency)
            .setStatus(latency == null ? null : "success").setRoute(null).setAttributes(new LinkedHashMap<>(attrs))
            .build());
  }

  static Arbitrary<SpecificRecordBase> featureEvents() {
    return Combinators.combine(names(), names().injectNull(0.5), names().injectNull(0.5), timestamps(), features())
        .as((model, version, id, ts, features) -> FeatureEvent.newBuilder().setModelName(model)
            .setModelVersion(version).setPredictionId(id).setTimestamp(ts).setFeatures(new LinkedHashMap<>(features))
            .build());
  }

  static Arbitrary<SpecificRecordBase> groundTruths() {
    Arbitrary<java.util.Map<String, Double>> outcomes =
        Arbitraries.maps(names(), Arbitraries.doubles().between(-1e6, 1e6)).ofMaxSize(3).injectNull(0.5);
    return Combinators.combine(names(), timestamps(), names().injectNull(0.4),
        Arbitraries.doubles().between(-1e6, 1e6).injectNull(0.6), outcomes)
        .as((id, ts, label, value, o) -> GroundTruthEvent.newBuilder().setPredictionId(id).setTimestamp(ts)
            .setLabel(label).setValue(value == null && label == null ? Double.valueOf(1.0) : value)
            .setOutcomes(o).build());
  }
}
