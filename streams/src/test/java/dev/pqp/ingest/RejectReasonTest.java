package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.EVENT_TIME;
import static dev.pqp.ingest.IngestFixtures.NOW;
import static dev.pqp.ingest.IngestFixtures.PREDICTION_ID;
import static dev.pqp.ingest.IngestFixtures.RECORD_TIME;
import static dev.pqp.ingest.IngestFixtures.confluentFramed;
import static dev.pqp.ingest.IngestFixtures.decoder;
import static dev.pqp.ingest.IngestFixtures.hex;
import static dev.pqp.ingest.IngestFixtures.jsonPrediction;
import static dev.pqp.ingest.IngestFixtures.samplePredictionEvent;
import static dev.pqp.ingest.IngestFixtures.singleObject;
import static dev.pqp.ingest.IngestFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pqp.config.Limits;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.PredictionEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;

/** Every reject reason that decoding can give, each with the message that tells a producer what to fix. */
class RejectReasonTest {
  private static Rejection reject(EventDecoder decoder, byte[] value) {
    Rejection r = catchThrowableOfType(Rejection.class, () -> decoder.decode(value, RECORD_TIME, NOW));
    assertThat(r).as("decoding should have been rejected").isNotNull();
    return r;
  }

  private static Rejection reject(EventType type, String json) {
    return reject(decoder(type), utf8(json));
  }

  /** The fingerprint of a single-object header, in hex: 8 bytes, little-endian. */
  private static String fingerprint(Schema schema) {
    return String.format("%016x", Long.reverseBytes(SchemaNormalization.parsingFingerprint64(schema)));
  }

  @Test
  void shouldRejectATombstoneOrEmptyValueAsEmptyRecord() {
    Rejection empty = reject(decoder(EventType.PREDICTION), new byte[0]);
    Rejection tombstone = reject(decoder(EventType.PREDICTION), null);

    assertThat(empty.reason()).isEqualTo(RejectReason.EMPTY_RECORD);
    assertThat(tombstone.reason()).isEqualTo(RejectReason.EMPTY_RECORD);
    assertThat(empty.getMessage()).contains("tombstone");
    assertThat(RejectReason.EMPTY_RECORD.code()).isEqualTo("empty_record");
  }

  @Test
  void shouldRejectARecordLargerThanTheLimitAsOversized() {
    byte[] big = utf8(jsonPrediction("\"blob\": \"" + "x".repeat(1500) + "\""));

    Rejection r = reject(decoder(EventType.PREDICTION, IngestFixtures.limits(1024, 500, 4096)), big);

    assertThat(r.reason()).isEqualTo(RejectReason.OVERSIZED);
    assertThat(r.getMessage()).contains(big.length + " bytes").contains("limits.max-record-bytes = 1024");
  }

  @Test
  void shouldRejectBytesOfNoKnownFormatAsUnknownFormat() {
    Rejection r = reject(decoder(EventType.PREDICTION), utf8("hello"));

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_FORMAT);
    assertThat(r.getMessage()).contains("first byte 0x68").contains("JSON").contains("Confluent").contains("single-object");
  }

  @Test
  void shouldRejectTruncatedOrTrailingJsonAsMalformedJson() {
    Rejection truncated = reject(EventType.PREDICTION, "{\"prediction_id\": \"p-1\", \"features\": {\"income\": 5");
    Rejection trailing = reject(EventType.GROUND_TRUTH, "{\"prediction_id\": \"p-1\", \"label\": \"1\"} {}");

    assertThat(truncated.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(truncated.getMessage()).startsWith("not valid JSON: ").doesNotContain("\n");
    assertThat(trailing.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(trailing.getMessage()).isEqualTo("trailing content after the JSON object");
  }

  @Test
  void shouldRejectJsonBeyondJacksonsNestingAndNumberLimitsAsMalformedJson() {
    Rejection deep = reject(EventType.FEATURES, "{\"model_name\": \"m\", \"x\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
    Rejection digits = reject(EventType.FEATURES, "{\"model_name\": \"m\", \"features\": {\"a\": 1" + "0".repeat(1000) + "}}");

    assertThat(deep.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(deep.getMessage()).contains("nesting depth (1001) exceeds the maximum allowed (1000");
    assertThat(digits.reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(digits.getMessage()).contains("Number value length (1001) exceeds the maximum allowed (1000");
  }

  @Test
  void shouldRejectAvroThatDoesNotMatchItsSchemaAsMalformedAvro() {
    byte[] framed = confluentFramed(PREDICTION_ID, PredictionEvent.getClassSchema(), samplePredictionEvent());
    byte[] truncatedFramed = Arrays.copyOf(framed, framed.length / 2);
    byte[] single = singleObject(samplePredictionEvent());
    byte[] truncatedSingle = Arrays.copyOf(single, 14);
    // a ground-truth writer schema under an id read on the predictions topic cannot resolve
    EventDecoder wrongType = new EventDecoder(EventType.PREDICTION, Limits.defaults(),
        IngestFixtures.inMemory(Map.of(3, GroundTruthEvent.getClassSchema())));
    byte[] truth = confluentFramed(3, GroundTruthEvent.getClassSchema(),
        GroundTruthEvent.newBuilder().setPredictionId("p-1").setLabel("1").build());

    Rejection framedReject = reject(decoder(EventType.PREDICTION), truncatedFramed);
    Rejection singleReject = reject(decoder(EventType.PREDICTION), truncatedSingle);
    Rejection typeReject = reject(wrongType, truth);

    assertThat(framedReject.reason()).isEqualTo(RejectReason.MALFORMED_AVRO);
    assertThat(framedReject.getMessage()).contains("writer schema id " + PREDICTION_ID).contains("prediction");
    assertThat(singleReject.reason()).isEqualTo(RejectReason.MALFORMED_AVRO);
    assertThat(singleReject.getMessage()).contains("single-object");
    assertThat(typeReject.reason()).isEqualTo(RejectReason.MALFORMED_AVRO);
    assertThat(typeReject.getMessage()).contains("writer schema id 3");
  }

  @Test
  void shouldRejectAvroThatClaimsAStringOrMapLargerThanTheRecordAsMalformedAvroWithoutAllocatingIt() {
    // found by DecoderFuzzTest: prediction_id, model_name and model_version "a", no timestamp, then features
    // whose first key claims 2^31 - 8 bytes (Avro threw UnsupportedOperationException), 2^31 - 9 bytes (Avro
    // allocated 2 GB, or threw OutOfMemoryError, before finding the record too short), or features that claim
    // 2^31 entries (UnsupportedOperationException)
    byte[] overLimit = hex("00 00000007 0261 0261 0261 00 08 f0ffffff0f 02b9");
    byte[] atLimit = hex("00 00000007 0261 0261 0261 00 08 eeffffff0f 02b9");
    byte[] bigMap = hex("c3 01 " + fingerprint(PredictionEvent.getClassSchema()) + " 0261 0261 0261 00 8080808010 0261 00");
    List<Rejection> rejections = new ArrayList<>();

    long allocated = IngestFixtures.allocatedBytes(() -> {
      for (byte[] record : List.of(overLimit, atLimit, bigMap)) {
        rejections.add(reject(decoder(EventType.PREDICTION), record));
      }
    });

    assertThat(rejections).extracting(Rejection::reason).containsOnly(RejectReason.MALFORMED_AVRO);
    assertThat(rejections.get(0).getMessage()).contains("string of 2147483640 bytes, but the record has 2 bytes left");
    assertThat(rejections.get(1).getMessage()).contains("string of 2147483639 bytes");
    assertThat(rejections.get(2).getMessage()).contains("map block of 2147483648 items, but the record has 3 bytes left");
    assertThat(allocated).isLessThan(16L << 20);
  }

  @Test
  void shouldRejectAConfluentFrameWhoseIdNoRegistryKnowsAsUnknownSchemaId() {
    byte[] framed = confluentFramed(42, PredictionEvent.getClassSchema(), samplePredictionEvent());
    EventDecoder withoutRegistry = new EventDecoder(EventType.PREDICTION, Limits.defaults(), WriterSchemas.NONE);

    Rejection inMemory = reject(decoder(EventType.PREDICTION), framed);
    Rejection none = reject(withoutRegistry, framed);

    assertThat(inMemory.reason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA_ID);
    assertThat(inMemory.getMessage()).contains("42");
    assertThat(none.reason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA_ID);
    assertThat(none.getMessage()).contains("schema id 42").contains("registry.url");
  }

  @Test
  void shouldRejectAConfluentFrameAsRegistryUnavailableWhenTheRegistryDoesNotAnswer() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    WriterSchemas registry = new RegistryWriterSchemas(new SchemaRegistryClient(RegistryConfig.of(url)));
    byte[] framed = confluentFramed(42, PredictionEvent.getClassSchema(), samplePredictionEvent());

    Rejection r = reject(new EventDecoder(EventType.PREDICTION, Limits.defaults(), registry), framed);

    assertThat(r.reason()).isEqualTo(RejectReason.REGISTRY_UNAVAILABLE);
    assertThat(r.getMessage()).contains("schema registry unreachable for id 42").contains(url);
  }

  @Test
  void shouldRejectSingleObjectOfAnUnknownFingerprintAsUnknownSchemaFingerprint() {
    byte[] single = singleObject(samplePredictionEvent());
    for (int i = 2; i < 10; i++) {
      single[i] ^= (byte) 0x5a; // another schema's fingerprint
    }

    Rejection r = reject(decoder(EventType.PREDICTION), single);

    assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA_FINGERPRINT);
    assertThat(r.getMessage()).contains("fingerprint");
  }

  @Test
  void shouldRejectAnEventWithoutARequiredFieldAsMissingField() {
    Rejection noVersion = reject(EventType.PREDICTION, "{\"prediction_id\": \"p-1\", \"model_name\": \"m\", \"timestamp\": "
        + EVENT_TIME + ", \"prediction\": {\"score\": 0.5}}");
    Rejection emptyId = reject(EventType.PREDICTION, "{\"prediction_id\": \"\", \"model_name\": \"m\", \"model_version\": \"v1\","
        + " \"prediction\": {\"score\": 0.5}}");
    Rejection emptyOutput = reject(EventType.PREDICTION, "{\"prediction_id\": \"p-1\", \"model_name\": \"m\","
        + " \"model_version\": \"v1\", \"prediction\": {}}");
    Rejection noLabel = reject(EventType.GROUND_TRUTH, "{\"prediction_id\": \"p-1\", \"timestamp\": " + EVENT_TIME + "}");

    assertThat(noVersion.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(noVersion.getMessage()).isEqualTo("required field 'model_version' is missing or empty");
    assertThat(emptyId.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(emptyId.getMessage()).contains("'prediction_id'");
    assertThat(emptyOutput.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(emptyOutput.getMessage()).contains("score, label, probabilities, value");
    assertThat(noLabel.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(noLabel.getMessage()).contains("'label', 'value' or 'outcomes'");
  }

  @Test
  void shouldRejectEmptyRequiredStringsAsMissingFieldInAvroAsInJson() {
    PredictionEvent noModel = samplePredictionEvent();
    noModel.setModelName("");
    PredictionEvent noVersion = samplePredictionEvent();
    noVersion.setModelVersion("");
    byte[] framedNoId = confluentFramed(PREDICTION_ID, PredictionEvent.getClassSchema(),
        PredictionEvent.newBuilder(samplePredictionEvent()).setPredictionId("").build());
    byte[] truthNoId = IngestFixtures.singleObject(GroundTruthEvent.newBuilder().setPredictionId("").setLabel("1").build());

    Rejection model = reject(decoder(EventType.PREDICTION), singleObject(noModel));
    Rejection version = reject(decoder(EventType.PREDICTION), singleObject(noVersion));
    Rejection id = reject(decoder(EventType.PREDICTION), framedNoId);
    Rejection truth = reject(decoder(EventType.GROUND_TRUTH), truthNoId);

    assertThat(model.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(model.getMessage()).isEqualTo("required field 'model_name' is missing or empty");
    assertThat(version.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(version.getMessage()).isEqualTo("required field 'model_version' is missing or empty");
    assertThat(id.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(id.getMessage()).isEqualTo("required field 'prediction_id' is missing or empty");
    assertThat(truth.reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(truth.getMessage()).isEqualTo("required field 'prediction_id' is missing or empty");
  }

  @Test
  void shouldRejectAFieldOfTheWrongTypeAsWrongType() {
    Rejection arrayFeature = reject(EventType.PREDICTION, jsonPrediction("\"age\": [40, 41]"));
    Rejection numberId = reject(EventType.PREDICTION, "{\"prediction_id\": 17, \"model_name\": \"m\"}");
    Rejection badTime = reject(EventType.GROUND_TRUTH, "{\"prediction_id\": \"p-1\", \"timestamp\": \"yesterday\", \"label\": \"1\"}");

    assertThat(arrayFeature.reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(arrayFeature.getMessage()).isEqualTo("feature 'age' must be a number, boolean, string or null, got an array");
    assertThat(numberId.reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(numberId.getMessage()).isEqualTo("field 'prediction_id' must be a string, got a number");
    assertThat(badTime.reason()).isEqualTo(RejectReason.WRONG_TYPE);
    assertThat(badTime.getMessage()).contains("'timestamp'").contains("ISO-8601").contains("'yesterday'");
  }

  @Test
  void shouldRejectNanAndInfinityAsNonFinite() {
    Rejection nanFeature = reject(EventType.PREDICTION, jsonPrediction("\"income\": NaN, \"age\": 40"));
    Rejection infScore = reject(EventType.PREDICTION, "{\"prediction_id\": \"p-1\", \"model_name\": \"m\","
        + " \"model_version\": \"v1\", \"timestamp\": " + EVENT_TIME + ", \"prediction\": {\"value\": -Infinity}}");
    PredictionEvent avro = samplePredictionEvent();
    avro.setLatencyMs(Double.POSITIVE_INFINITY);
    Rejection infLatency = reject(decoder(EventType.PREDICTION), singleObject(avro));

    assertThat(nanFeature.reason()).isEqualTo(RejectReason.NON_FINITE);
    assertThat(nanFeature.getMessage()).isEqualTo("feature 'income' is NaN");
    assertThat(infScore.reason()).isEqualTo(RejectReason.NON_FINITE);
    assertThat(infScore.getMessage()).isEqualTo("field 'prediction.value' is -Infinity");
    assertThat(infLatency.reason()).isEqualTo(RejectReason.NON_FINITE);
    assertThat(infLatency.getMessage()).isEqualTo("field 'latency_ms' is Infinity");
  }

  @Test
  void shouldRejectAScoreOutsideZeroToOneOrANegativeLatencyAsInvalidValue() {
    Rejection score = reject(EventType.PREDICTION, "{\"prediction_id\": \"p-1\", \"model_name\": \"m\","
        + " \"model_version\": \"v1\", \"timestamp\": " + EVENT_TIME + ", \"prediction\": {\"score\": 1.5}}");
    Rejection latency = reject(EventType.PREDICTION, "{\"prediction_id\": \"p-1\", \"model_name\": \"m\","
        + " \"model_version\": \"v1\", \"timestamp\": " + EVENT_TIME + ", \"prediction\": {\"score\": 0.5}, \"latency_ms\": -3}");

    assertThat(score.reason()).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(score.getMessage()).isEqualTo("prediction.score must be a probability in [0, 1], got 1.5");
    assertThat(latency.reason()).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(latency.getMessage()).isEqualTo("latency_ms is negative: -3.0");
  }

  @Test
  void shouldRejectControlCharactersInNamesAsInvalidValue() {
    Rejection version = reject(EventType.GROUND_TRUTH,
        "{\"prediction_id\": \"p\\u0000x\", \"timestamp\": " + EVENT_TIME + ", \"label\": \"1\"}");

    assertThat(version.reason()).isEqualTo(RejectReason.INVALID_VALUE);
    assertThat(version.getMessage()).isEqualTo("prediction_id contains control character U+0000 at position 1");
  }

  @Test
  void shouldRejectEventTimesInSecondsOrFarInTheFutureAsAbsurdTimestamp() {
    Rejection seconds = reject(EventType.GROUND_TRUTH,
        "{\"prediction_id\": \"p-1\", \"timestamp\": " + EVENT_TIME / 1000 + ", \"label\": \"1\"}");
    Rejection future = reject(EventType.GROUND_TRUTH,
        "{\"prediction_id\": \"p-1\", \"timestamp\": " + (NOW + 2 * 3_600_000L) + ", \"label\": \"1\"}");

    assertThat(seconds.reason()).isEqualTo(RejectReason.ABSURD_TIMESTAMP);
    assertThat(seconds.getMessage()).contains("event time " + EVENT_TIME / 1000 + " ms").contains("epoch milliseconds");
    assertThat(future.reason()).isEqualTo(RejectReason.ABSURD_TIMESTAMP);
    assertThat(future.getMessage()).contains("PT1H ahead");
  }

  @Test
  void shouldRejectTimestampsBeyondEpochMillisecondsAsAbsurdTimestamp() {
    // found by DecoderFuzzTest: ISO-8601 reaches a billion years, a long of milliseconds 292 million, and
    // Instant.toEpochMilli threw ArithmeticException; a 20-digit number was called malformed JSON
    Rejection iso = reject(EventType.GROUND_TRUTH,
        "{\"prediction_id\": \"p-1\", \"timestamp\": \"+1000000000-12-31T23:59:59.999999999Z\", \"label\": \"1\"}");
    Rejection digits = reject(EventType.GROUND_TRUTH,
        "{\"prediction_id\": \"p-1\", \"timestamp\": 12345678901234567890, \"label\": \"1\"}");

    assertThat(iso.reason()).isEqualTo(RejectReason.ABSURD_TIMESTAMP);
    assertThat(iso.getMessage()).isEqualTo(
        "field 'timestamp' +1000000000-12-31T23:59:59.999999999Z is beyond what epoch milliseconds can be");
    assertThat(digits.reason()).isEqualTo(RejectReason.ABSURD_TIMESTAMP);
    assertThat(digits.getMessage()).isEqualTo("field 'timestamp' is 12345678901234567890, beyond what epoch milliseconds can be");
  }

  @Test
  void shouldRejectMoreFeaturesThanTheLimitAsTooManyFeatures() {
    EventDecoder three = decoder(EventType.PREDICTION, IngestFixtures.limits(1 << 20, 3, 256));

    Rejection r = reject(three, utf8(jsonPrediction("\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4")));

    assertThat(r.reason()).isEqualTo(RejectReason.TOO_MANY_FEATURES);
    assertThat(r.getMessage()).isEqualTo("4 features, more than limits.max-features = 3");
  }

  @Test
  void shouldRejectANameLongerThanTheLimitAsNameTooLong() {
    String longName = "m".repeat(257);
    Rejection model = reject(EventType.PREDICTION, "{\"prediction_id\": \"p-1\", \"model_name\": \"" + longName
        + "\", \"model_version\": \"v1\", \"timestamp\": " + EVENT_TIME + ", \"prediction\": {\"score\": 0.5}}");
    Rejection feature = reject(EventType.PREDICTION, jsonPrediction("\"" + "f".repeat(300) + "\": 1"));

    assertThat(model.reason()).isEqualTo(RejectReason.NAME_TOO_LONG);
    assertThat(model.getMessage()).isEqualTo("model_name has 257 characters, more than limits.max-name-length = 256");
    assertThat(feature.reason()).isEqualTo(RejectReason.NAME_TOO_LONG);
    assertThat(feature.getMessage()).startsWith("feature name has 300 characters");
  }

  @Test
  void shouldRejectAnAttributeValueLongerThanTheLimitAsNameTooLongAndKeepOneAtTheLimit() {
    String event = "{\"prediction_id\": \"p-1\", \"model_name\": \"m\", \"model_version\": \"v1\", \"timestamp\": "
        + EVENT_TIME + ", \"prediction\": {\"score\": 0.5}, \"attributes\": {\"ua\": \"%s\", \"z\": \"%s\"}}";
    Rejection big = reject(EventType.PREDICTION, String.format(event, "a".repeat(1), "x".repeat(900 * 1024)));
    Rejection both = reject(EventType.PREDICTION, String.format(event, "b".repeat(1025), "x".repeat(2000)));

    assertThat(big.reason()).isEqualTo(RejectReason.NAME_TOO_LONG);
    assertThat(big.getMessage()).isEqualTo("attribute 'z' has a value of 921600 characters, more than "
        + "limits.max-attribute-length = 1024");
    assertThat(both.getMessage()).startsWith("attribute 'ua' has a value of 1025 characters"); // the least name
    EventDecoder decoder = decoder(EventType.PREDICTION, IngestFixtures.limits(1 << 20, 500, 256));
    assertThat(decoder.decode(utf8(String.format(event, "a".repeat(1024), "b")), RECORD_TIME, NOW)).isNotNull();
  }
}
