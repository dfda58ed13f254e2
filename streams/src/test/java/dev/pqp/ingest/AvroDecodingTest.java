package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.EVENT_TIME;
import static dev.pqp.ingest.IngestFixtures.NOW;
import static dev.pqp.ingest.IngestFixtures.PREDICTION_ID;
import static dev.pqp.ingest.IngestFixtures.RECORD_TIME;
import static dev.pqp.ingest.IngestFixtures.confluentFramed;
import static dev.pqp.ingest.IngestFixtures.decoder;
import static dev.pqp.ingest.IngestFixtures.samplePrediction;
import static dev.pqp.ingest.IngestFixtures.samplePredictionEvent;
import static dev.pqp.ingest.IngestFixtures.singleObject;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.Limits;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/** Both Avro wire formats decode into the same domain events as JSON, with schema resolution. */
class AvroDecodingTest {
  private static final int EVOLVED_ID = 8;
  private static final int GROUND_TRUTH_ID = 9;

  @Test
  void shouldDecodeAConfluentFramedPredictionToTheDomainEvent() {
    byte[] framed = confluentFramed(PREDICTION_ID, PredictionEvent.getClassSchema(), samplePredictionEvent());

    Event event = decoder(EventType.PREDICTION).decode(framed, RECORD_TIME, NOW);

    assertThat(event).isEqualTo(samplePrediction());
  }

  @Test
  void shouldDecodeASingleObjectPredictionToTheSameDomainEvent() {
    byte[] single = singleObject(samplePredictionEvent());

    Event event = decoder(EventType.PREDICTION).decode(single, RECORD_TIME, NOW);

    assertThat(event).isEqualTo(samplePrediction());
    Prediction p = (Prediction) event;
    // unboxed into FeatureValues, not copied into another map; Avro strings arrive as java.lang.String, longs stay Long
    assertThat(p.features()).isInstanceOf(FeatureValues.class);
    assertThat(p.features().get("region")).isInstanceOf(String.class).isEqualTo("north");
    assertThat(p.features().get("age")).isInstanceOf(Long.class).isEqualTo(40L);
  }

  @Test
  void shouldUseTheRecordTimestampWhenTheAvroEventHasNone() {
    PredictionEvent e = samplePredictionEvent();
    e.setTimestamp(null);

    Event confluent = decoder(EventType.PREDICTION)
        .decode(confluentFramed(PREDICTION_ID, PredictionEvent.getClassSchema(), e), RECORD_TIME, NOW);
    Event single = decoder(EventType.PREDICTION).decode(singleObject(e), RECORD_TIME, NOW);

    assertThat(confluent.timestampMs()).isEqualTo(RECORD_TIME);
    assertThat(single.timestampMs()).isEqualTo(RECORD_TIME);
  }

  /** PredictionEvent as a newer producer writes it: one more field, and without route and attributes. */
  static Schema evolvedWriterSchema() {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : PredictionEvent.getClassSchema().getFields()) {
      if (!f.name().equals("route") && !f.name().equals("attributes")) {
        fields.add(new Schema.Field(f, f.schema()));
      }
    }
    fields.add(new Schema.Field("serving_region", Schema.create(Schema.Type.STRING), "added by a newer producer"));
    return Schema.createRecord("PredictionEvent", null, "dev.pqp.schema", false, fields);
  }

  @Test
  void shouldResolveAnEvolvedWriterSchemaWithAnExtraFieldAndWithoutOptionalOnes() {
    Schema writer = evolvedWriterSchema();
    GenericRecord out = new GenericData.Record(writer.getField("prediction").schema());
    out.put("score", 0.73);
    out.put("label", "1");
    GenericRecord record = new GenericData.Record(writer);
    record.put("prediction_id", "p-1");
    record.put("model_name", "claims-risk");
    record.put("model_version", "v2");
    record.put("timestamp", EVENT_TIME);
    record.put("features", Map.of("age", 40L, "income", 52_000.5));
    record.put("prediction", out);
    record.put("latency_ms", 12.5);
    record.put("status", "success");
    record.put("serving_region", "eu-west");
    WriterSchemas registry = IngestFixtures.inMemory(Map.of(EVOLVED_ID, writer));

    Event event = new EventDecoder(EventType.PREDICTION, Limits.defaults(), registry)
        .decode(confluentFramed(EVOLVED_ID, writer, record), RECORD_TIME, NOW);

    // the extra field is dropped, the missing ones take the reader's defaults: route null, attributes empty
    assertThat(event).isEqualTo(new Prediction("p-1", "claims-risk", "v2", EVENT_TIME,
        Map.of("age", 40L, "income", 52_000.5), new Output(0.73, "1", null, null), 12.5, "success", null, Map.of()));
  }

  @Test
  void shouldDecodeGroundTruthAndFeatureEventsInBothAvroFormats() throws IOException {
    GroundTruthEvent truth = GroundTruthEvent.newBuilder().setPredictionId("p-1").setTimestamp(EVENT_TIME).setLabel("1").build();
    FeatureEvent features = FeatureEvent.newBuilder().setModelName("claims-risk").setTimestamp(EVENT_TIME)
        .setFeatures(Map.of("age", 40L)).build();
    WriterSchemas registry = IngestFixtures.inMemory(Map.of(GROUND_TRUTH_ID, GroundTruthEvent.getClassSchema()));

    Event framedTruth = new EventDecoder(EventType.GROUND_TRUTH, Limits.defaults(), registry)
        .decode(confluentFramed(GROUND_TRUTH_ID, GroundTruthEvent.getClassSchema(), truth), RECORD_TIME, NOW);
    Event singleTruth = decoder(EventType.GROUND_TRUTH).decode(bytes(truth.toByteBuffer()), RECORD_TIME, NOW);
    Event singleFeatures = decoder(EventType.FEATURES).decode(bytes(features.toByteBuffer()), RECORD_TIME, NOW);

    assertThat(framedTruth).isEqualTo(new GroundTruth("p-1", EVENT_TIME, "1", null));
    assertThat(singleTruth).isEqualTo(framedTruth);
    assertThat(singleFeatures).isEqualTo(new FeatureLog("claims-risk", null, null, EVENT_TIME, new HashMap<>(Map.of("age", 40L))));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
