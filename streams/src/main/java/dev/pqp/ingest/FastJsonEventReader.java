package dev.pqp.ingest;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureValues;
import dev.pqp.event.Output;
import dev.pqp.ingest.JsonCursor.Token;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the JSON form of the event contracts straight from the record's bytes, as {@link JsonEventReader} reads
 * them with Jackson but without its per-token work: the envelope's field names are matched as bytes, the feature
 * names and the short values (categories, model names, statuses) are kept in a {@link NameCache} (one String per
 * name, not per event), integers are read as longs and other numbers by FastDoubleParser, correctly rounded as
 * {@code Double.parseDouble}; the features go into a {@link FeatureValues} unboxed, not into a map.
 *
 * <p>It gives the event of a record it reads whole, or null: then the record is {@link JsonEventReader}'s. Null for
 * anything {@link JsonCursor} does not read (escapes JSON has not, invalid or overlong UTF-8, integers past a long,
 * numbers of more than 64 characters, deep nesting, malformed JSON), for a value of the wrong type, and for a record
 * that the event cannot be built from (a missing field): every record that is rejected while read is rejected by
 * Jackson, with its reason and message. One instance per decoder; not thread-safe.
 */
final class FastJsonEventReader {
  /** Past 20,000,000 chars Jackson rejects a string (StreamReadConstraints): such records stay Jackson's. */
  static final int MAX_RECORD_BYTES = 16 << 20;
  /** Past this, a feature map is left to Jackson, whose symbol table guards against floods of names. */
  private static final int MAX_FEATURES = 1_000;

  /** The fields of the envelope, matched by their bytes. */
  private enum Field {
    PREDICTION_ID("prediction_id"), MODEL_NAME("model_name"), MODEL_VERSION("model_version"), TIMESTAMP("timestamp"),
    FEATURES("features"), PREDICTION("prediction"), LATENCY_MS("latency_ms"), STATUS("status"), ROUTE("route"),
    ATTRIBUTES("attributes"), LABEL("label"), VALUE("value"), SCORE("score"), PROBABILITIES("probabilities"),
    OUTCOMES("outcomes");

    private static final Field[] ALL = values();
    final String text;
    final byte[] bytes;

    Field(String text) {
      this.text = text;
      this.bytes = text.getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final JsonCursor in = new JsonCursor();
  private final NameCache names = new NameCache();
  private final NameCache values = new NameCache();
  /** Scratch for one event's features, copied into right-sized arrays once per event. */
  private final FeatureValues.Builder featureBuilder = new FeatureValues.Builder();

  /** The event, or null if the record is left to {@link JsonEventReader}. */
  Event read(byte[] bytes, EventType type, long recordTimestampMs) {
    if (bytes.length > MAX_RECORD_BYTES) {
      return null;
    }
    try {
      in.reset(bytes);
      in.startDocument();
      EventFields f = new EventFields();
      for (boolean more = in.nextName(true); more; more = in.nextName(false)) {
        readField(field(), f);
      }
      in.endDocument();
      return f.build(type, recordTimestampMs);
    } catch (JsonCursor.Fallback | Rejection e) {
      return null;
    }
  }

  /** The field the last name is (of the envelope or of the prediction), or null. */
  private Field field() {
    if (in.plainName()) {
      for (Field f : Field.ALL) {
        if (in.nameIs(f.bytes)) {
          return f;
        }
      }
      return null;
    }
    String name = in.name(); // escaped or not ASCII: checked and decoded, as Jackson would match it
    for (Field f : Field.ALL) {
      if (f.text.equals(name)) {
        return f;
      }
    }
    return null;
  }

  private void readField(Field field, EventFields f) {
    if (field == null) {
      in.skip(in.value());
      return;
    }
    switch (field) {
      case PREDICTION_ID -> f.predictionId = id();
      case MODEL_NAME -> f.modelName = text(false);
      case MODEL_VERSION -> f.modelVersion = text(true);
      case TIMESTAMP -> f.timestamp = timestamp();
      case FEATURES -> f.features = features();
      case PREDICTION -> f.output = output();
      case LATENCY_MS -> f.latencyMs = number();
      case STATUS -> f.status = text(true);
      case ROUTE -> f.route = text(true);
      case ATTRIBUTES -> f.attributes = attributes();
      case LABEL -> f.label = text(true);
      case VALUE -> f.value = number();
      case OUTCOMES -> f.outcomes = numbers();
      default -> in.skip(in.value()); // score and probabilities belong in the prediction
    }
  }

  /**
   * A string, one String per distinct value (names of models, versions, statuses, labels); with {@code scalars}, a
   * number's or a boolean's text, as JsonEventReader takes them.
   */
  private String text(boolean scalars) {
    return text(in.value(), scalars);
  }

  /** A prediction id: a string not kept, as there is one per event. */
  private String id() {
    Token t = in.value();
    return t == Token.STRING ? in.string() : text(t, false);
  }

  private String text(Token t, boolean scalars) {
    return switch (t) {
      case NULL -> null;
      case STRING -> in.string(values, NameCache.POSITIONS);
      case INT, FLOAT, TRUE, FALSE -> {
        if (!scalars) {
          throw JsonCursor.Fallback.INSTANCE;
        }
        yield in.tokenText();
      }
      default -> throw JsonCursor.Fallback.INSTANCE;
    };
  }

  private Double number() {
    return switch (in.value()) {
      case NULL -> null;
      case INT -> (double) in.longValue(); // as Jackson converts an int: -0 is 0.0
      case FLOAT -> in.doubleValue();
      default -> throw JsonCursor.Fallback.INSTANCE;
    };
  }

  private Long timestamp() {
    return switch (in.value()) {
      case NULL -> null;
      case INT -> in.longValue();
      case FLOAT -> {
        double d = in.doubleValue();
        if (!Double.isFinite(d)) {
          throw JsonCursor.Fallback.INSTANCE;
        }
        yield (long) Math.floor(d);
      }
      case STRING -> EventFields.isoTimestamp(in.string());
      default -> throw JsonCursor.Fallback.INSTANCE;
    };
  }

  /**
   * The features straight into the builder's scratch arrays: no map, no boxed value. A name given twice keeps its
   * last value, as Jackson's reader puts it into a map.
   */
  private Map<String, Object> features() {
    Token t = in.value();
    if (t == Token.NULL) {
      return Map.of();
    }
    expectObject(t);
    FeatureValues.Builder out = featureBuilder.clear();
    int entries = 0;
    for (boolean more = in.nextEntry(true); more; more = in.nextEntry(false)) {
      if (++entries > MAX_FEATURES) {
        throw JsonCursor.Fallback.INSTANCE;
      }
      String name = in.name(names, entries - 1);
      switch (in.value()) {
        case NULL -> out.missing(name);
        case TRUE -> out.bool(name, true);
        case FALSE -> out.bool(name, false);
        case STRING -> out.text(name, in.string(values, entries - 1));
        case INT -> out.integer(name, in.longValue());
        case FLOAT -> out.real(name, in.doubleValue());
        default -> throw JsonCursor.Fallback.INSTANCE;
      }
    }
    return out.build();
  }

  private Output output() {
    Token t = in.value();
    if (t == Token.NULL) {
      return null;
    }
    expectObject(t);
    Double score = null;
    Double value = null;
    String label = null;
    Map<String, Double> probabilities = null;
    for (boolean more = in.nextName(true); more; more = in.nextName(false)) {
      Field field = field();
      if (field == Field.SCORE) {
        score = number();
      } else if (field == Field.VALUE) {
        value = number();
      } else if (field == Field.LABEL) {
        label = text(true);
      } else if (field == Field.PROBABILITIES) {
        probabilities = numbers();
      } else {
        in.skip(in.value());
      }
    }
    if (score == null && label == null && probabilities == null && value == null) {
      throw JsonCursor.Fallback.INSTANCE; // Jackson rejects it as a missing field
    }
    return new Output(score, label, probabilities, value);
  }

  /** An object of numbers by name (class probabilities, outcomes); null values are left out. */
  private Map<String, Double> numbers() {
    Token t = in.value();
    if (t == Token.NULL) {
      return null;
    }
    expectObject(t);
    Map<String, Double> out = new HashMap<>();
    for (boolean more = in.nextEntry(true); more; more = in.nextEntry(false)) {
      String cls = in.name(names, NameCache.POSITIONS);
      Double d = number();
      if (d != null) {
        out.put(cls, d);
      }
    }
    return out;
  }

  private Map<String, String> attributes() {
    Token t = in.value();
    if (t == Token.NULL) {
      return Map.of();
    }
    expectObject(t);
    Map<String, String> out = new HashMap<>();
    for (boolean more = in.nextEntry(true); more; more = in.nextEntry(false)) {
      String k = in.name(names, NameCache.POSITIONS);
      String v = text(true);
      if (v != null) {
        out.put(k, v);
      }
    }
    return out;
  }

  private static void expectObject(Token t) {
    if (t != Token.OBJECT) {
      throw JsonCursor.Fallback.INSTANCE; // Jackson rejects it as the wrong type
    }
  }
}
