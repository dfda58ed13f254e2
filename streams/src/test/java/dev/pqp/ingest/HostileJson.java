package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.EVENT_TIME;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * JSON events whose fields hold what a careless or hostile producer writes: numbers at the edges, odd
 * unicode and invalid UTF-8, timestamps beyond what a long of milliseconds holds, wrong types, duplicated
 * keys; and documents at the size limits: deep nesting, huge maps, long strings and names.
 */
final class HostileJson {
  /** A valid event per type, as field name and JSON value, that the generator then spoils. */
  private static final Map<EventType, List<String[]>> SKELETONS = Map.of(
      EventType.PREDICTION, List.of(new String[] {"prediction_id", "\"p-1\""}, new String[] {"model_name", "\"m\""},
          new String[] {"model_version", "\"v1\""}, new String[] {"timestamp", Long.toString(EVENT_TIME)},
          new String[] {"features", "{\"age\": 40, \"region\": \"north\"}"},
          new String[] {"prediction", "{\"score\": 0.5, \"label\": \"1\", \"probabilities\": {\"0\": 0.5, \"1\": 0.5}}"},
          new String[] {"latency_ms", "12.5"}, new String[] {"status", "\"success\""}, new String[] {"route", "\"/r\""},
          new String[] {"attributes", "{\"country\": \"NL\"}"}),
      EventType.FEATURES, List.of(new String[] {"model_name", "\"m\""}, new String[] {"model_version", "\"v1\""},
          new String[] {"prediction_id", "\"p-1\""}, new String[] {"timestamp", Long.toString(EVENT_TIME)},
          new String[] {"features", "{\"age\": 40, \"member\": true}"}),
      EventType.GROUND_TRUTH, List.of(new String[] {"prediction_id", "\"p-1\""},
          new String[] {"timestamp", Long.toString(EVENT_TIME)}, new String[] {"label", "\"1\""},
          new String[] {"value", "3.5"}));

  private static final String[] FIELDS = {"prediction_id", "model_name", "model_version", "timestamp", "features",
    "prediction", "latency_ms", "status", "route", "attributes", "label", "value", "score", "probabilities", "x", ""};

  private static final String[] SCALARS = {
    "1e400", "-1e400", "1e-400", "-0", "-0.0", "0", "NaN", "-NaN", "+NaN", "Infinity", "-Infinity", "+Infinity",
    "\"NaN\"", "12345678901234567890", "-12345678901234567890", "9223372036854775807", "9223372036854775808",
    "-9223372036854775808", "-9223372036854775809", "1" + "0".repeat(400), "1" + "0".repeat(1200),
    "0." + "0".repeat(1000) + "1", "1.7976931348623157e308", "4.9e-324", "1e2147483648", "0x10", "01", ".5", "1.",
    "1e", "--1", "true", "false", "null", "\"\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"",
    "\"\\ud800\\ud800\"", "\"\\uFEFF\"", "\"\\u202e\"", "\"\\uD83D\\uDE00\"", "\"\\u007f\"", "\"\\n\"",
    "\"+1000000000-12-31T23:59:59.999999999Z\"", "\"-1000000000-01-01T00:00:00Z\"",
    "\"+292278994-08-17T07:12:55.807Z\"", "\"+292278994-08-17T07:12:55.808Z\"", "\"-292275055-05-16T16:47:04.191Z\"",
    "\"+100000000-01-01T00:00:00Z\"", "\"2026-01-01T00:00:00+18:00\"", "\"2026-01-01T00:00:00-18:00\"",
    "\"2026-02-30T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"0000-01-01T00:00:00Z\"", "\"2025-12-31T23:59:00.123456789Z\"",
    "[]", "{}", "[1, {}]", "[[[]]]", "{\"a\": {\"b\": [null]}}", "{\"score\": 0.5}", "{\"a\": 1, \"a\": 2}",
  };

  /** Raw bytes inside a JSON string: overlong NUL, an encoded surrogate, bytes that are never UTF-8, a BOM. */
  private static final byte[][] RAW_STRINGS = {
    {'"', (byte) 0xC0, (byte) 0x80, '"'}, {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, {'"', (byte) 0xFF, '"'},
    {'"', (byte) 0xE2, (byte) 0x82, '"'}, {'"', 0x00, '"'}, {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'},
    {'"', (byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '"'}, {'"', (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'},
  };

  private HostileJson() {}

  /** A valid event of each type with some fields replaced, duplicated or added with hostile values. */
  static Arbitrary<FuzzSample> spoiledEvents() {
    Arbitrary<byte[]> scalar = Arbitraries.oneOf(Arbitraries.of(SCALARS).map(HostileJson::utf8), Arbitraries.of(RAW_STRINGS));
    Arbitrary<byte[]> value = Arbitraries.frequencyOf(
        Tuple.of(6, scalar),
        Tuple.of(1, scalar.map(s -> wrap("{\"score\": ", s, "}"))),
        Tuple.of(1, scalar.map(s -> wrap("{\"label\": ", s, ", \"score\": 0.5}"))),
        Tuple.of(1, scalar.map(s -> wrap("{\"probabilities\": {\"c\": ", s, "}}"))),
        Tuple.of(1, scalar.map(s -> wrap("{\"f\": ", s, "}"))),
        Tuple.of(1, scalar.map(s -> wrap("{", s, ": 1}"))),
        Tuple.of(1, scalar.map(s -> wrap("[", s, "]"))));
    Arbitrary<Spoil> spoils = Combinators.combine(Arbitraries.of(How.class), Arbitraries.integers().between(0, 15),
        value).as(Spoil::new);
    return Combinators.combine(Arbitraries.of(EventType.class), spoils.list().ofMinSize(1).ofMaxSize(4))
        .as(HostileJson::spoil);
  }

  private enum How { REPLACE, DUPLICATE, ADD }

  private record Spoil(How how, int field, byte[] value) {}

  private static FuzzSample spoil(EventType type, List<Spoil> spoils) {
    List<String[]> skeleton = SKELETONS.get(type);
    List<byte[][]> fields = new ArrayList<>();
    for (String[] f : skeleton) {
      fields.add(new byte[][] {utf8(f[0]), utf8(f[1])});
    }
    StringBuilder how = new StringBuilder("spoiled JSON:");
    for (Spoil s : spoils) {
      int i = s.field() % fields.size();
      byte[] name = s.how() == How.ADD ? utf8(FIELDS[s.field()]) : fields.get(i)[0];
      switch (s.how()) {
        case REPLACE -> fields.set(i, new byte[][] {name, s.value()});
        case DUPLICATE, ADD -> fields.add(i, new byte[][] {name, s.value()});
      }
      how.append(' ').append(s.how()).append(' ').append(new String(name, StandardCharsets.UTF_8));
    }
    List<byte[]> parts = new ArrayList<>();
    parts.add(utf8("{"));
    for (int i = 0; i < fields.size(); i++) {
      parts.add(utf8((i == 0 ? "\"" : ", \"")));
      parts.add(fields.get(i)[0]);
      parts.add(utf8("\": "));
      parts.add(fields.get(i)[1]);
    }
    parts.add(utf8("}"));
    return new FuzzSample(type, Mutations.concat(parts.toArray(byte[][]::new)), how.toString());
  }

  private enum Giant { NESTED_ARRAYS, NESTED_OBJECTS, UNCLOSED, FEATURES, DUPLICATE_KEYS, LONG_VALUE, LONG_NAME, DIGITS }

  /** Documents at the size limits, from small to past {@code limits.max-record-bytes}. */
  static Arbitrary<FuzzSample> giants() {
    Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.of(999, 1000, 1001, 50_000, 50_001, 100_000, 120_000),
        Arbitraries.integers().between(1, 120_000));
    return Combinators.combine(Arbitraries.of(EventType.class), Arbitraries.of(Giant.class), sizes)
        .as(HostileJson::giant);
  }

  private static FuzzSample giant(EventType type, Giant kind, int n) {
    String event = new String(ValidRecords.json(type == EventType.PREDICTION ? IngestFixtures.samplePredictionEvent()
        : type == EventType.FEATURES ? dev.pqp.schema.FeatureEvent.newBuilder().setModelName("m").setTimestamp(EVENT_TIME).build()
        : dev.pqp.schema.GroundTruthEvent.newBuilder().setPredictionId("p").setTimestamp(EVENT_TIME).setLabel("1").build()),
        StandardCharsets.UTF_8);
    String head = event.substring(0, event.length() - 1) + ", ";
    String json = switch (kind) {
      case NESTED_ARRAYS -> head + "\"x\": " + "[".repeat(n) + "]".repeat(n) + "}";
      case NESTED_OBJECTS -> head + "\"features\": " + "{\"a\": ".repeat(n) + "1" + "}".repeat(n) + "}";
      case UNCLOSED -> "{\"x\": " + "[{\"a\": ".repeat(n);
      case FEATURES -> head + "\"features\": {" + entries(n, false) + "}}";
      case DUPLICATE_KEYS -> head + entries(n, true) + "}";
      case LONG_VALUE -> head + "\"model_name\": \"" + "m".repeat(n * 8) + "\", \"timestamp\": \"" + "9".repeat(n) + "\"}";
      case LONG_NAME -> head + "\"features\": {\"" + "f".repeat(n) + "\": 1}}";
      case DIGITS -> head + "\"latency_ms\": " + "9".repeat(n * 8) + "}";
    };
    return new FuzzSample(type, utf8(json), kind + " " + n);
  }

  private static String entries(int n, boolean sameKey) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append(i == 0 ? "" : ", ").append('"').append(sameKey ? "prediction_id" : "f" + i).append("\": ")
          .append(sameKey ? "\"p" + i + "\"" : Integer.toString(i));
    }
    return s.toString();
  }

  private static byte[] wrap(String head, byte[] s, String tail) {
    return Mutations.concat(utf8(head), s, utf8(tail));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
