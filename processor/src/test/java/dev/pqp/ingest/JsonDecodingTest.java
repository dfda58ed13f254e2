package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.EVENT_TIME;
import static dev.pqp.ingest.IngestFixtures.NOW;
import static dev.pqp.ingest.IngestFixtures.RECORD_TIME;
import static dev.pqp.ingest.IngestFixtures.decoder;
import static dev.pqp.ingest.IngestFixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.schema.PredictionEvent;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The JSON form of the three event contracts, decoded into domain events. */
class JsonDecodingTest {
  private static Event decode(EventType type, String json) {
    return decoder(type).decode(utf8(json), RECORD_TIME, NOW);
  }

  @Test
  void shouldDecodeAFullPredictionToTheSameEventAsItsAvroForm() {
    String json = """
        {"prediction_id": "p-1", "model_name": "claims-risk", "model_version": "v2", "timestamp": %d,
         "features": {"age": 40, "income": 52000.5, "member": true, "region": "north", "note": null},
         "prediction": {"score": 0.73, "label": "1", "probabilities": {"0": 0.27, "1": 0.73}},
         "latency_ms": 12.5, "status": "success", "route": "/v2/score", "attributes": {"country": "NL"}}
        """.formatted(EVENT_TIME);

    Event event = decode(EventType.PREDICTION, json);

    assertThat(event).isEqualTo(IngestFixtures.samplePrediction());
    Prediction p = (Prediction) event;
    // integers stay whole numbers, decimals become doubles, and a null feature is present but missing
    assertThat(p.features().get("age")).isEqualTo(40L);
    assertThat(p.features().get("income")).isEqualTo(52_000.5);
    assertThat(p.features()).containsEntry("note", null).hasSize(5);
  }

  @Test
  void shouldReadIso8601TimestampsWithZoneOrOffset() {
    String utc = "{\"prediction_id\": \"p-1\", \"model_name\": \"m\", \"model_version\": \"v1\","
        + " \"timestamp\": \"2025-12-31T23:50:00Z\", \"prediction\": {\"score\": 0.5}}";
    String offset = utc.replace("2025-12-31T23:50:00Z", "2026-01-01T00:50:00.000+01:00");

    assertThat(decode(EventType.PREDICTION, utc).timestampMs()).isEqualTo(NOW - 600_000L);
    assertThat(decode(EventType.PREDICTION, offset).timestampMs()).isEqualTo(NOW - 600_000L);
  }

  @Test
  void shouldUseTheRecordTimestampWhenTheEventHasNone() {
    String absent = "{\"prediction_id\": \"p-1\", \"model_name\": \"m\", \"model_version\": \"v1\", \"prediction\": {\"score\": 0.5}}";
    String explicitNull = "{\"prediction_id\": \"p-1\", \"timestamp\": null, \"model_name\": \"m\", \"model_version\": \"v1\","
        + " \"prediction\": {\"score\": 0.5}}";

    assertThat(decode(EventType.PREDICTION, absent).timestampMs()).isEqualTo(RECORD_TIME);
    assertThat(decode(EventType.PREDICTION, explicitNull).timestampMs()).isEqualTo(RECORD_TIME);
    assertThat(decode(EventType.GROUND_TRUTH, "{\"prediction_id\": \"p-1\", \"label\": \"1\"}").timestampMs())
        .isEqualTo(RECORD_TIME);
    assertThat(decode(EventType.FEATURES, "{\"model_name\": \"m\", \"features\": {\"age\": 1}}").timestampMs())
        .isEqualTo(RECORD_TIME);
  }

  @Test
  void shouldTakeLabelsGivenAsNumbersOrBooleansAsTheirText() {
    String prediction = "{\"prediction_id\": \"p-1\", \"model_name\": \"m\", \"model_version\": 3, \"timestamp\": "
        + EVENT_TIME + ", \"prediction\": {\"label\": 1}, \"attributes\": {\"tier\": 2, \"vip\": true}}";

    Prediction p = (Prediction) decode(EventType.PREDICTION, prediction);
    GroundTruth g = (GroundTruth) decode(EventType.GROUND_TRUTH, "{\"prediction_id\": \"p-1\", \"label\": 0}");
    GroundTruth b = (GroundTruth) decode(EventType.GROUND_TRUTH, "{\"prediction_id\": \"p-2\", \"label\": true}");

    assertThat(p.output()).isEqualTo(new Output(null, "1", null, null));
    assertThat(p.modelVersion()).isEqualTo("3");
    assertThat(p.attributes()).isEqualTo(Map.of("tier", "2", "vip", "true"));
    assertThat(g.label()).isEqualTo("0");
    assertThat(b.label()).isEqualTo("true");
  }

  @Test
  void shouldIgnoreUnknownFieldsAtEveryLevel() {
    String json = "{\"schema_version\": 4, \"prediction_id\": \"p-1\", \"trace\": {\"span\": [1, {\"x\": null}]},"
        + " \"model_name\": \"m\", \"model_version\": \"v1\", \"timestamp\": " + EVENT_TIME + ","
        + " \"prediction\": {\"score\": 0.25, \"calibrated\": true, \"explain\": {\"age\": 0.1}}, \"tags\": [\"a\"]}";

    Prediction p = (Prediction) decode(EventType.PREDICTION, json);

    assertThat(p).isEqualTo(new Prediction("p-1", "m", "v1", EVENT_TIME, Map.of(), new Output(0.25, null, null, null),
        null, null, null, Map.of()));
  }

  @Test
  void shouldDecodeAFeatureLogWithAndWithoutItsOptionalFields() {
    String full = "{\"model_name\": \"claims-risk\", \"model_version\": \"v1\", \"prediction_id\": \"p-9\", \"timestamp\": "
        + EVENT_TIME + ", \"features\": {\"age\": 40, \"region\": \"north\", \"score_hint\": -0.5, \"flag\": false}, \"extra\": 1}";
    String bare = "{\"model_name\": \"claims-risk\", \"timestamp\": " + EVENT_TIME + "}";

    Map<String, Object> features = new HashMap<>();
    features.put("age", 40L);
    features.put("region", "north");
    features.put("score_hint", -0.5);
    features.put("flag", false);
    assertThat(decode(EventType.FEATURES, full))
        .isEqualTo(new FeatureLog("claims-risk", "v1", "p-9", EVENT_TIME, features));
    assertThat(decode(EventType.FEATURES, bare))
        .isEqualTo(new FeatureLog("claims-risk", null, null, EVENT_TIME, Map.of()));
  }

  @Test
  void shouldDecodeGroundTruthForClassificationAndRegression() {
    String label = "{\"prediction_id\": \"p-1\", \"timestamp\": \"2025-12-31T23:59:00Z\", \"label\": \"1\", \"note\": \"x\"}";
    String value = "{\"prediction_id\": \"p-2\", \"timestamp\": " + EVENT_TIME + ", \"value\": 1234.5}";

    assertThat(decode(EventType.GROUND_TRUTH, label)).isEqualTo(new GroundTruth("p-1", NOW - 60_000L, "1", null));
    assertThat(decode(EventType.GROUND_TRUTH, value)).isEqualTo(new GroundTruth("p-2", EVENT_TIME, null, 1234.5));
  }

  @Test
  void shouldDecodeWhatTheDemoJsonEncoderWrites() {
    PredictionEvent e = IngestFixtures.samplePredictionEvent();
    byte[] json = dev.pqp.demo.EventEncoder.json().prediction("ml.predictions", e);

    Prediction p = (Prediction) decoder(EventType.PREDICTION).decode(json, RECORD_TIME, NOW);

    // the demo encoder writes neither probabilities nor attributes
    assertThat(p).isEqualTo(new Prediction("p-1", "claims-risk", "v2", EVENT_TIME, IngestFixtures.sampleFeatures(),
        new Output(0.73, "1", null, null), 12.5, "success", "/v2/score", Map.of()));
  }

  /**
   * The fast double parser reads every number exactly as {@link Double#parseDouble} does: shortest forms,
   * 17 significant digits (what Python's json writes), subnormals, exponents and the extremes.
   */
  @Test
  void shouldReadEveryDoubleExactlyAsTheJdkDoes() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(20261127);
    StringBuilder json = new StringBuilder();
    java.util.List<String> texts = new java.util.ArrayList<>(java.util.List.of("4.9E-324", "1.7976931348623157E308",
        "2.2250738585072014E-308", "0.30000000000000004", "9007199254740993", "1e23", "8.41e21", "-0.0"));
    while (texts.size() < 3_000) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        texts.add(Double.toString(d));
        texts.add(String.format(java.util.Locale.ROOT, "%.17g", d).trim());
        texts.add(String.format(java.util.Locale.ROOT, "%.17e", r.nextDouble() * 1_000));
      }
    }
    for (int from = 0; from < texts.size(); from += 200) {
      json.setLength(0);
      json.append("{\"prediction_id\": \"p\", \"model_name\": \"m\", \"model_version\": \"v\", \"timestamp\": ")
          .append(EVENT_TIME).append(", \"prediction\": {\"score\": 0.5}, \"features\": {");
      int to = Math.min(texts.size(), from + 200);
      for (int i = from; i < to; i++) {
        json.append(i > from ? ", " : "").append("\"f").append(i).append("\": ").append(texts.get(i));
      }
      Prediction p = (Prediction) decode(EventType.PREDICTION, json.append("}}").toString());
      for (int i = from; i < to; i++) {
        assertThat(Double.doubleToRawLongBits(((Number) p.features().get("f" + i)).doubleValue()))
            .as(texts.get(i)).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(texts.get(i))));
      }
    }
  }
}
