package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.EVENT_TIME;
import static dev.pqp.ingest.IngestFixtures.NOW;
import static dev.pqp.ingest.IngestFixtures.RECORD_TIME;
import static dev.pqp.ingest.IngestFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pqp.config.Limits;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.Prediction;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The byte-level JSON reader on the records it must read itself, and on those it must leave to Jackson. */
class FastJsonEventReaderTest {
  /** As Python's json.dumps writes a prediction: spaces after the separators, repr floats, NaN as a token. */
  private static final String PYTHON = "{\"prediction_id\": \"5f0c\", \"model_name\": \"fraud\", \"model_version\": \"v2\","
      + " \"timestamp\": " + EVENT_TIME + ", \"features\": {\"age\": 41, \"income\": 52310.712345678901, \"country\":"
      + " \"US\", \"is_new\": true, \"x\": null, \"city\": \"Z\\u00fcrich\", \"tiny\": 5e-324, \"big\": 1e+308,"
      + " \"neg_zero\": -0.0, \"int_zero\": -0, \"id\": -9223372036854775808},"
      + " \"prediction\": {\"score\": 0.8123456789012345}, \"latency_ms\": 12.5, \"status\": \"success\"}";

  private final FastJsonEventReader reader = new FastJsonEventReader();

  @Test
  void shouldReadAPythonJsonDumpsPredictionToTheValuesAndTypesJacksonReads() {
    Prediction p = (Prediction) reader.read(utf8(PYTHON), EventType.PREDICTION, RECORD_TIME);

    Map<String, Object> features = new LinkedHashMap<>();
    features.put("age", 41L);
    features.put("income", 52310.712345678901);
    features.put("country", "US");
    features.put("is_new", true);
    features.put("x", null);
    features.put("city", "Z\u00fcrich");
    features.put("tiny", Double.MIN_VALUE);
    features.put("big", 1e308);
    features.put("neg_zero", -0.0);
    features.put("int_zero", 0L);
    features.put("id", Long.MIN_VALUE);
    assertThat(p.features()).isEqualTo(features);
    assertThat(Double.doubleToRawLongBits(p.output().score())).isEqualTo(Double.doubleToRawLongBits(0.8123456789012345));
    assertThat(p).isEqualTo(new JsonEventReader().read(utf8(PYTHON), EventType.PREDICTION, RECORD_TIME));
    assertThat(EventBits.of(p)).isEqualTo(EventBits.of(new JsonEventReader().read(utf8(PYTHON), EventType.PREDICTION,
        RECORD_TIME)));
  }

  @Test
  void shouldGiveEveryEventTheSameStringForAFeatureName() {
    Prediction first = (Prediction) reader.read(utf8(PYTHON), EventType.PREDICTION, RECORD_TIME);
    Prediction second = (Prediction) reader.read(utf8(PYTHON.replace("41", "42")), EventType.PREDICTION, RECORD_TIME);

    Map<String, String> names = new HashMap<>();
    first.features().keySet().forEach(k -> names.put(k, k));
    assertThat(second.features().keySet()).hasSize(11)
        .allSatisfy(k -> assertThat(k).isSameAs(names.get(k)));
  }

  @Test
  void shouldMatchAnEnvelopeNameWrittenWithEscapes() {
    FeatureLog f = (FeatureLog) reader.read(utf8("{\"model\\u005fname\": \"m\", \"features\": {\"a\\/b\": 1}}"),
        EventType.FEATURES, RECORD_TIME);

    assertThat(f.modelName()).isEqualTo("m");
    assertThat(f.features()).isEqualTo(Map.of("a/b", 1L));
  }

  @Test
  void shouldReadAnIntegerToADoubleAsJacksonDoesWhereANumberIsExpected() {
    Prediction p = (Prediction) reader.read(utf8(PYTHON.replace("\"latency_ms\": 12.5", "\"latency_ms\": -0")),
        EventType.PREDICTION, RECORD_TIME);

    assertThat(Double.doubleToRawLongBits(p.latencyMs())).as("-0 is an int, and Jackson's int -0 is 0.0").isZero();
  }

  @Test
  void shouldLeaveToJacksonWhatItDoesNotReadAndEveryRecordToReject() {
    List<String> left = List.of(
        PYTHON.replace("\"age\": 41", "\"age\": 9223372036854775808"), // past a long: Jackson's big integer
        PYTHON.replace("\"age\": 41", "\"age\": 041"), // a leading zero, an error to Jackson
        PYTHON.replace("\"age\": 41", "\"age\": 1" + "0".repeat(70) + ".5"), // a long number
        PYTHON.replace("\"US\"", "\"\\x\""), // an escape JSON has not
        PYTHON.replace("\"US\"", "\"\\ud83d\\ude00"), // a string that does not end
        PYTHON.replace("\"features\": {", "\"features\": [{").replace("}, \"prediction\"", "}], \"prediction\""),
        PYTHON.replace("\"prediction_id\": \"5f0c\", ", ""), // a missing field
        PYTHON.replace("\"timestamp\": " + EVENT_TIME, "\"timestamp\": NaN"),
        PYTHON.replace("\"x\": null", "\"x\": nul"),
        PYTHON + " {}",
        PYTHON.substring(0, PYTHON.length() - 1));

    for (String json : left) {
      assertThat(reader.read(utf8(json), EventType.PREDICTION, RECORD_TIME)).as(json).isNull();
    }
    byte[] overlong = utf8(PYTHON.replace("\"US\"", "\"U__\""));
    int at = PYTHON.indexOf("\"US\"") + 2;
    overlong[at] = (byte) 0xC1; // an overlong form of 'S', which Jackson reads leniently
    overlong[at + 1] = (byte) 0x93;
    assertThat(reader.read(overlong, EventType.PREDICTION, RECORD_TIME)).isNull();
  }

  @Test
  void shouldReadNaNAndInfinityTokensSoThatValidationRejectsThemWithTheReason() {
    EventDecoder decoder = new EventDecoder(EventType.PREDICTION, Limits.defaults(), WriterSchemas.NONE);

    Rejection nan = catchThrowableOfType(Rejection.class, () -> decoder.decode(
        utf8(PYTHON.replace("\"age\": 41", "\"age\": NaN")), RECORD_TIME, NOW));
    Rejection infinity = catchThrowableOfType(Rejection.class, () -> decoder.decode(
        utf8(PYTHON.replace("\"latency_ms\": 12.5", "\"latency_ms\": -Infinity")), RECORD_TIME, NOW));

    assertThat(nan.reason()).isEqualTo(RejectReason.NON_FINITE);
    assertThat(nan.getMessage()).isEqualTo("feature 'age' is NaN");
    assertThat(infinity.reason()).isEqualTo(RejectReason.NON_FINITE);
    assertThat(infinity.getMessage()).isEqualTo("field 'latency_ms' is -Infinity");
    assertThat(decoder.jsonFallbacks()).as("records left to Jackson").isZero();
  }
}
