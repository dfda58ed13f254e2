package dev.pqp.ingest;

import dev.pqp.config.Limits;
import dev.pqp.event.Output;
import dev.pqp.schema.Prediction;
import dev.pqp.schema.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Events, encodings and decoders shared by the ingest tests. */
final class IngestFixtures {
  /** The wall clock of every test: 2026-01-01T00:00:00Z. */
  static final long NOW = 1_767_225_600_000L;
  /** The event time of the sample prediction, ten minutes before {@link #NOW}. */
  static final long EVENT_TIME = NOW - 600_000L;
  /** The Kafka record timestamp the tests pass, used when an event has none. */
  static final long RECORD_TIME = NOW - 1_000L;
  /** The registry id under which the in-memory registry holds pqp's own PredictionEvent schema. */
  static final int PREDICTION_ID = 7;

  private IngestFixtures() {}

  /** A writer-schema lookup over a map, rejecting unknown ids as the interface requires. */
  static WriterSchemas inMemory(Map<Integer, Schema> schemas) {
    return id -> {
      Schema s = schemas.get(id);
      if (s == null) {
        throw new Rejection(RejectReason.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the test registry");
      }
      return s;
    };
  }

  static WriterSchemas predictionSchemaOnly() {
    return inMemory(Map.of(PREDICTION_ID, PredictionEvent.getClassSchema()));
  }

  static EventDecoder decoder(EventType type) {
    return new EventDecoder(type, Limits.defaults(), predictionSchemaOnly());
  }

  static EventDecoder decoder(EventType type, Limits limits) {
    return new EventDecoder(type, limits, predictionSchemaOnly());
  }

  static Limits limits(int maxRecordBytes, int maxFeatures, int maxNameLength) {
    Limits d = Limits.defaults();
    return new Limits(maxRecordBytes, maxFeatures, maxNameLength, d.maxFutureSkew(), d.maxPastAge(), d.maxModels(),
        d.maxVersionsPerModel(), d.maxFeaturesPerModel(), d.maxAttributeLength());
  }

  static Limits limitsWithClock(Duration futureSkew, Duration pastAge) {
    Limits d = Limits.defaults();
    return new Limits(d.maxRecordBytes(), d.maxFeatures(), d.maxNameLength(), futureSkew, pastAge, d.maxModels(),
        d.maxVersionsPerModel(), d.maxFeaturesPerModel(), d.maxAttributeLength());
  }

  static Map<String, Object> sampleFeatures() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("age", 40L);
    f.put("income", 52_000.5);
    f.put("member", true);
    f.put("region", "north");
    f.put("note", null);
    return f;
  }

  /** The Avro form of the sample prediction: every field set, including a missing feature. */
  static PredictionEvent samplePredictionEvent() {
    return PredictionEvent.newBuilder()
        .setPredictionId("p-1")
        .setModelName("claims-risk")
        .setModelVersion("v2")
        .setTimestamp(EVENT_TIME)
        .setFeatures(sampleFeatures())
        .setPrediction(Prediction.newBuilder()
            .setScore(0.73)
            .setLabel("1")
            .setProbabilities(Map.of("0", 0.27, "1", 0.73))
            .build())
        .setLatencyMs(12.5)
        .setStatus("success")
        .setRoute("/v2/score")
        .setAttributes(Map.of("country", "NL"))
        .build();
  }

  /** The domain event that {@link #samplePredictionEvent()} must decode to. */
  static dev.pqp.event.Prediction samplePrediction() {
    return new dev.pqp.event.Prediction("p-1", "claims-risk", "v2", EVENT_TIME, new HashMap<>(sampleFeatures()),
        new Output(0.73, "1", Map.of("0", 0.27, "1", 0.73), null), 12.5, "success", "/v2/score",
        Map.of("country", "NL"));
  }

  /** {@code 0x00}, the 4-byte big-endian schema id, then the datum written with {@code writer}. */
  static byte[] confluentFramed(int id, Schema writer, Object datum) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<>(writer).write(datum, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] singleObject(org.apache.avro.specific.SpecificRecordBase e) {
    try {
      ByteBuffer b = e instanceof PredictionEvent p ? p.toByteBuffer()
          : ((dev.pqp.schema.GroundTruthEvent) e).toByteBuffer();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Bytes written in hex, spaces allowed between them: {@code "c3 01 ..."}. */
  static byte[] hex(String hex) {
    String h = hex.replace(" ", "");
    byte[] out = new byte[h.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }

  /** The bytes the calling thread allocates while running {@code r}. */
  static long allocatedBytes(Runnable r) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    r.run();
    return threads.getCurrentThreadAllocatedBytes() - before;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A valid JSON prediction with {@code features} (the inside of the features object) spliced in. */
  static String jsonPrediction(String features) {
    return "{\"prediction_id\": \"p-1\", \"model_name\": \"claims-risk\", \"model_version\": \"v2\", \"timestamp\": "
        + EVENT_TIME + ", \"features\": {" + features + "}, \"prediction\": {\"score\": 0.73, \"label\": \"1\"}}";
  }
}
