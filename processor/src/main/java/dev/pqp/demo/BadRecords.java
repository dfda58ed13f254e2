package dev.pqp.demo;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** The kinds of bad record the demo mixes into its traffic, one of each in turn, each a different reject reason. */
enum BadRecords {
  GARBAGE,
  BROKEN_JSON,
  NAN_FEATURE,
  UNKNOWN_SCHEMA_ID,
  MISSING_FIELD,
  ABSURD_TIMESTAMP,
  WRONG_TYPE;

  byte[] make(SplittableRandom r, String predictionId, long timestampMs) {
    return switch (this) {
      case GARBAGE -> {
        byte[] b = new byte[16 + r.nextInt(48)];
        r.nextBytes(b);
        b[0] = (byte) 0x7f; // never a valid first byte of any supported format
        yield b;
      }
      case BROKEN_JSON -> utf8("{\"prediction_id\": \"" + predictionId + "\", \"model_name\": \"claims-risk\", \"features\": {\"income\": 5");
      case NAN_FEATURE -> utf8(json(predictionId, timestampMs, "\"income\": NaN, \"age\": 40"));
      case UNKNOWN_SCHEMA_ID -> new byte[] {0, 0x7f, (byte) 0xff, 0x00, 0x01, 2, 4, 6, 8};
      case MISSING_FIELD -> utf8("{\"prediction_id\": \"" + predictionId + "\", \"model_name\": \"claims-risk\", \"timestamp\": "
          + timestampMs + ", \"features\": {\"age\": 40}, \"prediction\": {\"score\": 0.5}}");
      case ABSURD_TIMESTAMP -> utf8(json(predictionId, timestampMs / 1000, "\"age\": 40")); // seconds, not millis
      case WRONG_TYPE -> utf8(json(predictionId, timestampMs, "\"age\": [40, 41]"));
    };
  }

  private static String json(String id, long ts, String features) {
    return "{\"prediction_id\": \"" + id + "\", \"model_name\": \"claims-risk\", \"model_version\": \"v1\", \"timestamp\": "
        + ts + ", \"features\": {" + features + "}, \"prediction\": {\"score\": 0.5, \"label\": \"0\"}}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
