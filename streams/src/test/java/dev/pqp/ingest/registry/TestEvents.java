package dev.pqp.ingest.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pqp.schema.Prediction;
import dev.pqp.schema.PredictionEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;

/** Sample events, and a producer's evolved PredictionEvent schema, shared by the registry tests. */
final class TestEvents {
  private TestEvents() {}

  static PredictionEvent prediction(String id) {
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("age", 42L);
    features.put("income", 51_000.5);
    features.put("country", "NL");
    features.put("vip", true);
    features.put("missing", null);
    return PredictionEvent.newBuilder()
        .setPredictionId(id)
        .setModelName("churn")
        .setModelVersion("v3")
        .setTimestamp(1_700_000_000_000L)
        .setFeatures(features)
        .setPrediction(Prediction.newBuilder().setScore(0.87).setLabel("churn").build())
        .setLatencyMs(12.5)
        .setStatus("success")
        .setRoute("/predict")
        .setAttributes(Map.of("segment", "enterprise"))
        .build();
  }

  /**
   * PredictionEvent as a newer producer writes it: an extra {@code region} field pqp does not know, and
   * without the optional {@code route} and {@code attributes} fields.
   */
  static Schema evolvedWriterSchema() {
    try {
      ObjectMapper json = new ObjectMapper();
      ObjectNode schema = (ObjectNode) json.readTree(PredictionEvent.getClassSchema().toString());
      ArrayNode fields = schema.withArray("fields");
      for (int i = fields.size() - 1; i >= 0; i--) {
        String name = fields.get(i).get("name").asText();
        if (name.equals("route") || name.equals("attributes")) {
          fields.remove(i);
        }
      }
      fields.addObject().put("name", "region").put("type", "string");
      return new Schema.Parser().parse(json.writeValueAsString(schema));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A record of {@link #evolvedWriterSchema()} with score 0.25 and region eu-west-1. */
  static GenericRecord evolvedRecord(Schema writer, String id) {
    Schema predictionSchema = writer.getField("prediction").schema();
    GenericData.Record prediction = new GenericRecordBuilder(predictionSchema).set("score", 0.25).build();
    return new GenericRecordBuilder(writer)
        .set("prediction_id", id)
        .set("model_name", "fraud")
        .set("model_version", "v9")
        .set("timestamp", 1_700_000_123_456L)
        .set("features", Map.of("amount", 99.5))
        .set("prediction", prediction)
        .set("latency_ms", 3.0)
        .set("status", "success")
        .set("region", "eu-west-1")
        .build();
  }
}
