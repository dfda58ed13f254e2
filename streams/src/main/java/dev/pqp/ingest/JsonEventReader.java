package dev.pqp.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.pqp.event.Event;
import dev.pqp.event.Output;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the JSON form of the event contracts with Jackson's streaming parser (no tree, no reflection).
 * Unknown fields are skipped so producers may add fields; {@code NaN} and {@code Infinity} tokens, which
 * Python's json module writes, are read so that validation can reject them with the right reason.
 *
 * <p>The reference for the JSON contract: {@link FastJsonEventReader} reads the common records faster and leaves
 * every other record, and every record to reject, to this reader.
 */
final class JsonEventReader {
  /**
   * Doubles are parsed with FastDoubleParser (bundled in jackson-core), correctly rounded like the JDK's
   * {@code Double.parseDouble} but without its slow path: the 17-digit floats that Python's json and most
   * serializers write took a quarter of a stream thread's samples there (JFR, {@code pqp bench}).
   */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .build();

  /** Bounds the initial feature-map capacity a hostile record can make every later one allocate. */
  private static final int MAX_FEATURE_CAPACITY = 4_096;
  /**
   * The initial capacity of the next feature map: big enough for the most features read so far, so that
   * a map is not resized while it is filled (a resize was 5 % of a stream thread's allocation in JFR).
   */
  private int featureCapacity = 16;

  Event read(byte[] bytes, EventType type, long recordTimestampMs) {
    try (JsonParser p = FACTORY.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Rejection(RejectReason.MALFORMED_JSON, "expected a JSON object");
      }
      EventFields f = new EventFields();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        readField(p, name, f);
      }
      if (p.nextToken() != null) {
        throw new Rejection(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
      }
      return f.build(type, recordTimestampMs);
    } catch (IOException e) {
      throw new Rejection(RejectReason.MALFORMED_JSON, "not valid JSON: " + firstLine(e.getMessage()));
    }
  }

  private void readField(JsonParser p, String name, EventFields f) throws IOException {
    switch (name) {
      case "prediction_id" -> f.predictionId = text(p, name, false);
      case "model_name" -> f.modelName = text(p, name, false);
      case "model_version" -> f.modelVersion = text(p, name, true);
      case "timestamp" -> f.timestamp = timestamp(p);
      case "features" -> f.features = features(p);
      case "prediction" -> f.output = output(p);
      case "latency_ms" -> f.latencyMs = number(p, name);
      case "status" -> f.status = text(p, name, true);
      case "route" -> f.route = text(p, name, true);
      case "attributes" -> f.attributes = attributes(p);
      case "label" -> f.label = text(p, name, true);
      case "value" -> f.value = number(p, name);
      case "outcomes" -> f.outcomes = numbers(p, "outcomes");
      default -> p.skipChildren();
    }
  }

  /** A string; with {@code scalars}, numbers and booleans are taken as their text (labels like 1 or true). */
  private static String text(JsonParser p, String field, boolean scalars) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_STRING || (scalars && t.isScalarValue())) {
      return p.getText();
    }
    throw new Rejection(RejectReason.WRONG_TYPE, "field '" + field + "' must be a string, got " + describe(t));
  }

  private static Double number(JsonParser p, String field) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t.isNumeric()) {
      return p.getDoubleValue();
    }
    throw new Rejection(RejectReason.WRONG_TYPE, "field '" + field + "' must be a number, got " + describe(t));
  }

  private static Long timestamp(JsonParser p) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new Rejection(RejectReason.ABSURD_TIMESTAMP, "field 'timestamp' is " + p.getText()
            + ", beyond what epoch milliseconds can be");
      }
      return p.getLongValue();
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      if (!Double.isFinite(d)) {
        throw new Rejection(RejectReason.NON_FINITE, "field 'timestamp' is " + d);
      }
      return (long) Math.floor(d);
    }
    if (t == JsonToken.VALUE_STRING) {
      return EventFields.isoTimestamp(p.getText());
    }
    throw new Rejection(RejectReason.WRONG_TYPE, "field 'timestamp' must be a number or string, got " + describe(t));
  }

  private Map<String, Object> features(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    expectObject(p, "features");
    Map<String, Object> out = new HashMap<>(featureCapacity);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      out.put(name, switch (t) {
        case VALUE_NULL -> null;
        case VALUE_TRUE -> Boolean.TRUE;
        case VALUE_FALSE -> Boolean.FALSE;
        case VALUE_STRING -> p.getText();
        case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? (Object) p.getDoubleValue() : (Object) p.getLongValue();
        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
        default -> throw new Rejection(RejectReason.WRONG_TYPE,
            "feature '" + name + "' must be a number, boolean, string or null, got " + describe(t));
      });
    }
    if (out.size() > featureCapacity * 3 / 4 && featureCapacity < MAX_FEATURE_CAPACITY) {
      featureCapacity = Math.min(MAX_FEATURE_CAPACITY, out.size() * 4 / 3 + 1);
    }
    return out;
  }

  private static Output output(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expectObject(p, "prediction");
    Double score = null;
    Double value = null;
    String label = null;
    Map<String, Double> probabilities = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      p.nextToken();
      switch (name) {
        case "score" -> score = number(p, "prediction.score");
        case "value" -> value = number(p, "prediction.value");
        case "label" -> label = text(p, "prediction.label", true);
        case "probabilities" -> probabilities = numbers(p, "prediction.probabilities");
        default -> p.skipChildren();
      }
    }
    if (score == null && label == null && probabilities == null && value == null) {
      throw new Rejection(RejectReason.MISSING_FIELD,
          "field 'prediction' needs at least one of score, label, probabilities, value");
    }
    return new Output(score, label, probabilities, value);
  }

  /** An object of numbers by name (class probabilities, outcomes); null values are left out. */
  private static Map<String, Double> numbers(JsonParser p, String field) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    expectObject(p, field);
    Map<String, Double> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String cls = p.currentName();
      p.nextToken();
      Double d = number(p, field + "." + cls);
      if (d != null) {
        out.put(cls, d);
      }
    }
    return out;
  }

  private static Map<String, String> attributes(JsonParser p) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return Map.of();
    }
    expectObject(p, "attributes");
    Map<String, String> out = new HashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String k = p.currentName();
      p.nextToken();
      String v = text(p, "attributes." + k, true);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  private static void expectObject(JsonParser p, String field) {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new Rejection(RejectReason.WRONG_TYPE, "field '" + field + "' must be an object, got " + describe(p.currentToken()));
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      default -> String.valueOf(t);
    };
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
