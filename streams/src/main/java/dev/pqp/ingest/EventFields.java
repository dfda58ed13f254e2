package dev.pqp.ingest;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The fields of any of the three event types as a JSON reader found them; {@link #build} checks what the type
 * requires. Both JSON readers fill one, so that they make an event of the same fields in the same way.
 */
final class EventFields {
  String predictionId;
  String modelName;
  String modelVersion;
  Long timestamp;
  Map<String, Object> features;
  Output output;
  Double latencyMs;
  String status;
  String route;
  Map<String, String> attributes;
  String label;
  Double value;
  Map<String, Double> outcomes;

  Event build(EventType type, long recordTimestampMs) {
    long ts = timestamp != null ? timestamp : recordTimestampMs;
    return switch (type) {
      case PREDICTION -> new Prediction(require(predictionId, "prediction_id"), require(modelName, "model_name"),
          require(modelVersion, "model_version"), ts, features, require(output, "prediction"), latencyMs, status,
          route, attributes);
      case FEATURES -> new FeatureLog(require(modelName, "model_name"), modelVersion, predictionId, ts, features);
      case GROUND_TRUTH -> {
        if (label == null && value == null && (outcomes == null || outcomes.isEmpty())) {
          throw new Rejection(RejectReason.MISSING_FIELD, "ground truth needs 'label', 'value' or 'outcomes'");
        }
        yield new GroundTruth(require(predictionId, "prediction_id"), ts, label, value, outcomes);
      }
    };
  }

  /** A timestamp given as text: ISO-8601, with or without an offset. */
  static long isoTimestamp(String s) {
    Instant instant;
    try {
      instant = Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        instant = OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        throw new Rejection(RejectReason.WRONG_TYPE,
            "field 'timestamp' must be epoch millis or ISO-8601 like 2026-01-31T12:00:00Z, got '" + s + "'");
      }
    }
    try {
      return instant.toEpochMilli();
    } catch (ArithmeticException e) { // ISO-8601 reaches a billion years, epoch millis about 292 million
      throw new Rejection(RejectReason.ABSURD_TIMESTAMP, "field 'timestamp' " + s + " is beyond what epoch milliseconds can be");
    }
  }

  private static <T> T require(T v, String field) {
    if (v == null || (v instanceof String s && s.isEmpty())) {
      throw new Rejection(RejectReason.MISSING_FIELD, "required field '" + field + "' is missing or empty");
    }
    return v;
  }
}
