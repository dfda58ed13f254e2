package dev.pqp.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The JSON Schemas shipped in {@code src/main/json-schema} are what {@link JsonSchemaGenerator} makes of the Avro
 * schemas, never edited by hand: this test fails when they differ, and {@code -Dpqp.regenerate=true} writes them
 * (and deletes the ones no derived record has any more).
 */
class JsonSchemaFilesTest {
  private static final Path DIR = Path.of("src/main/json-schema");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldShipTheJsonSchemasTheAvroSchemasGenerate() throws IOException {
    Map<String, String> generated = JsonSchemaGenerator.generate();
    if (Boolean.getBoolean("pqp.regenerate")) {
      Files.createDirectories(DIR);
      for (Path stale : shipped().keySet().stream().filter(n -> !generated.containsKey(n)).map(DIR::resolve).toList()) {
        Files.delete(stale);
      }
      for (Map.Entry<String, String> e : generated.entrySet()) {
        Files.writeString(DIR.resolve(e.getKey()), e.getValue());
      }
    }
    Map<String, String> shipped = shipped();
    String regenerate = "regenerate with mvn -pl schemas test -Dtest=JsonSchemaFilesTest -Dpqp.regenerate=true";
    assertThat(shipped.keySet()).as("the files in %s; %s", DIR, regenerate)
        .containsExactlyInAnyOrderElementsOf(generated.keySet());
    generated.forEach((name, text) -> assertThat(shipped.get(name)).as("%s; %s", name, regenerate).isEqualTo(text));
  }

  /** The rules of the mapping on a record with one field of each shape a derived record has. */
  @Test
  void shouldDescribeEachFieldAsGenericDataWritesIt() throws IOException {
    Schema record = new Schema.Parser().parse("""
        {"type": "record", "name": "Sample", "namespace": "dev.pqp.test", "doc": "A sample.", "fields": [
          {"name": "id", "type": "string", "doc": "The id."},
          {"name": "count", "type": "long"},
          {"name": "share", "type": "double"},
          {"name": "score", "type": ["null", "double"], "default": null},
          {"name": "weights", "type": {"type": "map", "values": "double"}, "default": {}},
          {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item",
            "fields": [{"name": "n", "type": "int", "default": 1}]}}},
          {"name": "best", "type": ["null", "Item"], "default": null},
          {"name": "flag", "type": "boolean", "default": false}
        ]}""");
    JsonNode s = JSON.readTree(JsonSchemaGenerator.text(record));
    assertThat(s.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
    assertThat(s.get("$id").asText()).isEqualTo("https://pqp.dev/schemas/Sample.schema.json");
    assertThat(s.get("title").asText()).isEqualTo("dev.pqp.test.Sample");
    assertThat(s.get("description").asText()).isEqualTo("A sample.");
    assertThat(s.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(names(s.get("required"))).containsExactly("id", "count", "share", "items");
    JsonNode p = s.get("properties");
    assertThat(names(p)).containsExactly("id", "count", "share", "score", "weights", "items", "best", "flag");
    assertThat(p.get("id")).isEqualTo(json("{\"description\": \"The id.\", \"type\": \"string\"}"));
    assertThat(p.get("count")).isEqualTo(json("{\"type\": \"integer\"}"));
    assertThat(p.get("share")).isEqualTo(json("{\"type\": [\"number\", \"string\"], \"pattern\": \"^(NaN|-?Infinity)$\"}"));
    assertThat(p.get("score")).isEqualTo(json(
        "{\"type\": [\"null\", \"number\", \"string\"], \"pattern\": \"^(NaN|-?Infinity)$\", \"default\": null}"));
    assertThat(p.get("weights")).isEqualTo(json("{\"type\": \"object\", \"additionalProperties\": "
        + "{\"type\": [\"number\", \"string\"], \"pattern\": \"^(NaN|-?Infinity)$\"}, \"default\": {}}"));
    assertThat(p.get("items")).isEqualTo(json("{\"type\": \"array\", \"items\": {\"$ref\": \"#/$defs/Item\"}}"));
    assertThat(p.get("best")).isEqualTo(json(
        "{\"oneOf\": [{\"type\": \"null\"}, {\"$ref\": \"#/$defs/Item\"}], \"default\": null}"));
    assertThat(p.get("flag")).isEqualTo(json("{\"type\": \"boolean\", \"default\": false}"));
    assertThat(s.at("/$defs/Item")).isEqualTo(json("{\"title\": \"dev.pqp.test.Item\", \"type\": \"object\", "
        + "\"properties\": {\"n\": {\"type\": \"integer\", \"default\": 1}}, "
        + "\"additionalProperties\": false}"));
  }

  private static Map<String, String> shipped() throws IOException {
    Map<String, String> files = new TreeMap<>();
    if (Files.isDirectory(DIR)) {
      try (var list = Files.list(DIR)) {
        for (Path f : list.filter(f -> f.getFileName().toString().endsWith(".schema.json")).toList()) {
          files.put(f.getFileName().toString(), Files.readString(f));
        }
      }
    }
    return files;
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> names.add(n.asText()));
    } else {
      node.fieldNames().forEachRemaining(names::add);
    }
    return names;
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }
}
