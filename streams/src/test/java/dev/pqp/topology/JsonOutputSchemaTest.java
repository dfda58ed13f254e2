package dev.pqp.topology;

import static dev.pqp.topology.DriftFixture.MODEL;
import static dev.pqp.topology.DriftFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.pqp.export.OutputSerializer;
import dev.pqp.schema.VersionComparison;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JSON of every derived topic against the JSON Schemas shipped for its records
 * ({@code schemas/src/main/json-schema}, generated from the {@code .avsc} files by the schemas module's
 * {@code JsonSchemaGenerator}): the whole topology with {@code output.format=json}, on traffic that makes a record of
 * every type and every nested record, and each record checked against the schema its {@code pqp.record.type} header
 * names. A failure names the topic, the record, its key and type, the violation and the record's JSON.
 *
 * <p>The traffic, in eight 10 s windows: a binary model whose challenger v2 ({@code compare.versions=fraud:v2=v1}) is
 * right 65 % of the time where v1 is right 85 % (an accuracy comparison that reaches "worse": a
 * {@code challenger_worse} action with its comparison), both with feature {@code x} shifted in windows 3 to 5 (a
 * {@code retraining_recommended} action with its evidence), a route, a status, a latency, and a click outcome on every
 * fourth label; a multiclass and a regression model; labels for the first six windows only (estimated or provisional
 * performance after).
 */
class JsonOutputSchemaTest extends DriftFixtureTest {
  private static final Path SCHEMAS = Path.of("../schemas/src/main/json-schema");
  private static final Map<String, String> SETTINGS = Map.of(
      "output.format", "json",
      "ground-truth.enabled", "true",
      "ground-truth.max-delay", "10m",
      "performance.min-labels", "10",
      "performance.estimate.min-labels-per-bucket", "5",
      "compare.versions", "fraud:v2=v1");
  private static final int WINDOWS = 8;
  private static final int LABELLED_WINDOWS = 6;
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  /** Each shipped JSON Schema's document, by its title: the Avro full name that {@code pqp.record.type} carries. */
  private static Map<String, JsonNode> documents;
  private final Random random = new Random(25);

  @BeforeAll
  static void readSchemas() throws IOException {
    documents = new TreeMap<>();
    try (var files = Files.list(SCHEMAS)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".schema.json")).toList()) {
        JsonNode doc = JSON.readTree(file.toFile());
        documents.put(doc.get("title").asText(), doc);
      }
    }
    assertThat(documents).as("the JSON Schemas in %s", SCHEMAS).hasSize(5);
  }

  @Test
  void shouldWriteEveryDerivedRecordAsItsJsonSchemaSays() {
    f = new DriftFixture(stateDir, SETTINGS);
    traffic();
    var names = f.config.topics();
    Map<String, List<TestRecord<String, byte[]>>> topics = new LinkedHashMap<>();
    topics.put(names.featureDrift(), f.featureDrift.readRecordsToList());
    topics.put(names.modelWindow(), f.modelWindow.readRecordsToList());
    topics.put(names.performance(), f.performance.readRecordsToList());
    topics.put(names.actions(), f.actions.readRecordsToList());
    topics.put(names.comparisons(), f.comparisons.readRecordsToList());
    Map<String, Schema> schemas = new TreeMap<>();
    documents.forEach((type, doc) -> schemas.put(type, schema(doc)));
    List<String> violations = new ArrayList<>();
    Map<String, Integer> validated = new TreeMap<>();
    Set<String> filled = new TreeSet<>();
    topics.forEach((topic, records) -> {
      for (int i = 0; i < records.size(); i++) {
        TestRecord<String, byte[]> r = records.get(i);
        String type = header(r, OutputSerializer.TYPE_HEADER);
        String json = new String(r.value(), StandardCharsets.UTF_8);
        String what = topic + " record " + i + " (key " + r.key() + ", " + type + ")";
        Schema schema = schemas.get(type);
        if (schema == null || !"json".equals(header(r, OutputSerializer.FORMAT_HEADER))) {
          violations.add(what + ": no JSON Schema for its type, or not JSON");
          continue;
        }
        JsonNode node = parse(json);
        if (node == null) {
          violations.add(what + ": not JSON\n    " + json);
          continue;
        }
        schema.validate(node).forEach(e -> violations.add(what + " at '" + e.getInstanceLocation() + "': "
            + e.getMessage() + "\n    " + json));
        validated.merge(type, 1, Integer::sum);
        filled.addAll(filledFields(type, node));
      }
    });
    assertThat(violations.size()).as("records against the JSON Schema of their type: %d violations, the first%n%s",
        violations.size(), String.join("\n", violations.subList(0, Math.min(10, violations.size())))).isZero();
    assertThat(validated).as("records validated, by type: every type with a JSON Schema")
        .containsOnlyKeys(documents.keySet());
    Set<String> unfilled = nestedRecordFields();
    unfilled.removeAll(filled);
    assertThat(unfilled).as("fields holding nested records that no record filled").isEmpty();
  }

  /** Not vacuous: a record without a required field, with a field no schema has, or with a bad double fails. */
  @Test
  void shouldRejectWhatTheSerializerNeverWrites() throws IOException {
    Schema schema = schema(documents.get(VersionComparison.getClassSchema().getFullName()));
    var comparison = VersionComparison.newBuilder().setModelName(MODEL).setModelVersion("v2")
        .setChampionVersion("v1").setMetric("accuracy").setHigherIsBetter(true).setChampionValue(0.85)
        .setChallengerValue(Double.NaN).setDifference(Double.NEGATIVE_INFINITY).setLower(null).setUpper(-0.1)
        .setAlpha(0.05).setVerdict("worse").setChampionCount(2_400).setChallengerCount(2_400).setWindowStart(T0)
        .build();
    String json = new String(new OutputSerializer(null, true).serialize("t", comparison), StandardCharsets.UTF_8);
    assertThat(json).contains("\"challenger_value\": \"NaN\"", "\"difference\": \"-Infinity\"", "\"lower\": null");
    assertThat(schema.validate(json, InputFormat.JSON)).as(json).isEmpty();

    ObjectNode missing = (ObjectNode) JSON.readTree(json);
    missing.remove("verdict");
    ObjectNode extra = ((ObjectNode) JSON.readTree(json)).put("verdict_reason", "none");
    ObjectNode badDouble = ((ObjectNode) JSON.readTree(json)).put("champion_value", "nan");
    ObjectNode badLong = ((ObjectNode) JSON.readTree(json)).put("champion_count", 2.5);
    assertThat(errors(schema, missing)).singleElement().asString().contains("verdict");
    assertThat(errors(schema, extra)).singleElement().asString().contains("verdict_reason");
    assertThat(errors(schema, badDouble)).singleElement().asString().contains("champion_value");
    assertThat(errors(schema, badLong)).singleElement().asString().contains("champion_count");
  }

  /** Every shipped document is a valid draft 2020-12 schema (against the meta-schema the validator bundles). */
  @Test
  void shouldShipValidDraft202012Schemas() {
    Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
    documents.forEach((type, doc) -> assertThat(meta.validate(doc)).as(type).isEmpty());
  }

  private static Schema schema(JsonNode document) {
    return REGISTRY.getSchema(SchemaLocation.of(document.get("$id").asText()), document);
  }

  private static List<String> errors(Schema schema, JsonNode json) {
    return schema.validate(json).stream().map(Object::toString).toList();
  }

  /** {@code Type.field} of each top-level field whose schema holds a nested record (a {@code $ref}). */
  private static Set<String> nestedRecordFields() {
    Set<String> fields = new TreeSet<>();
    documents.forEach((type, doc) -> doc.get("properties").fields().forEachRemaining(p -> {
      if (p.getValue().toString().contains("\"$ref\"")) {
        fields.add(type + "." + p.getKey());
      }
    }));
    return fields;
  }

  /** {@code Type.field} of each top-level field of the record that is neither null nor empty. */
  private static List<String> filledFields(String type, JsonNode record) {
    List<String> fields = new ArrayList<>();
    record.fields().forEachRemaining(e -> {
      if (!e.getValue().isNull() && !(e.getValue().isContainerNode() && e.getValue().isEmpty())) {
        fields.add(type + "." + e.getKey());
      }
    });
    return fields;
  }

  /** The JSON value of {@code json}, or null if it is not JSON. */
  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
  }

  private static String header(TestRecord<String, byte[]> r, String name) {
    var h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  private void traffic() {
    for (int w = 0; w < WINDOWS; w++) {
      boolean labelled = w < LABELLED_WINDOWS;
      double shift = w >= 3 && w <= 5 ? 4 : 0;
      for (int i = 0; i < 400; i++) {
        binary("v1", w, i, shift, labelled ? 0.85 : -1);
        binary("v2", w, i, shift, labelled ? 0.65 : -1);
      }
      for (int i = 0; i < 60; i++) {
        multiclass("m-" + w + "-" + i, w * 10_000L + i * 100L, labelled);
        regression("r-" + w + "-" + i, w * 10_000L + i * 100L, labelled);
      }
      emit();
    }
    f.predictScore("last", "v1", WINDOWS * 10_000L + 2_500, 0.5); // closes the last window
    emit();
  }

  /** Lets the join hand its counts over (every second) and the aggregation emit. */
  private void emit() {
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(Duration.ofSeconds(31));
  }

  /** A scored prediction with serving fields; with {@code right} of 0 or more, its label, right that often. */
  private void binary(String version, int w, int i, double shift, double right) {
    String id = version + "-" + w + "-" + i;
    long at = w * 10_000L + i * 20L;
    double score = random.nextDouble();
    Map<String, Object> e = event(id, MODEL, version, at, shift);
    e.put("prediction", Map.of("score", score));
    e.put("latency_ms", 5 + random.nextDouble() * 100);
    e.put("route", "/score");
    e.put("status", random.nextInt(50) == 0 ? "error" : "ok");
    f.predictEvent(e);
    if (right >= 0) {
      Map<String, Object> truth = truth(id, at);
      truth.put("label", (score >= 0.5) == (random.nextDouble() < right) ? "1" : "0");
      if (i % 4 == 0) {
        truth.put("outcomes", Map.of("click", 1.0));
      }
      f.groundTruthEvent(id, truth, T0 + at + 5);
    }
  }

  private void multiclass(String id, long at, boolean labelled) {
    double a = random.nextDouble();
    double b = (1 - a) * random.nextDouble();
    String predicted = a >= b && a >= 1 - a - b ? "a" : b >= 1 - a - b ? "b" : "c";
    Map<String, Object> e = event(id, "classes", "m1", at, 0);
    e.put("prediction", Map.of("label", predicted, "probabilities", Map.of("a", a, "b", b, "c", 1 - a - b)));
    f.predictEvent(e);
    if (labelled) {
      Map<String, Object> truth = truth(id, at);
      truth.put("label", random.nextBoolean() ? predicted : "c");
      f.groundTruthEvent(id, truth, T0 + at + 5);
    }
  }

  private void regression(String id, long at, boolean labelled) {
    double value = 100 + 10 * random.nextGaussian();
    Map<String, Object> e = event(id, "price", "r1", at, 0);
    e.put("prediction", Map.of("value", value));
    f.predictEvent(e);
    if (labelled) {
      Map<String, Object> truth = truth(id, at);
      truth.put("value", value + random.nextGaussian());
      f.groundTruthEvent(id, truth, T0 + at + 5);
    }
  }

  private Map<String, Object> event(String id, String model, String version, long at, double shift) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("prediction_id", id);
    e.put("model_name", model);
    e.put("model_version", version);
    e.put("timestamp", T0 + at);
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("x", random.nextInt(20) == 0 ? null : random.nextGaussian() + shift);
    features.put("y", random.nextGaussian());
    features.put("kind", new String[] {"a", "b", "c"}[random.nextInt(3)]);
    e.put("features", features);
    return e;
  }

  private static Map<String, Object> truth(String id, long at) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("prediction_id", id);
    t.put("timestamp", T0 + at + 5);
    return t;
  }
}
