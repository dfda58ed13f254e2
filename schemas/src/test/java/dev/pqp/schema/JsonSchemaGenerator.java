package dev.pqp.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/**
 * JSON Schemas (draft 2020-12) of the records of the derived topics, generated from their Avro schemas so that the
 * two cannot drift apart; {@link JsonSchemaFilesTest} holds the shipped files ({@code src/main/json-schema}) equal
 * to what this generates.
 *
 * <p>They describe the JSON pqp writes with {@code output.format=json}, which is Avro's
 * {@code GenericData.toString} of the record: every field of the record in the Avro schema's order and under its
 * name, {@code null} where a nullable field has no value (a union is written as its value, without a branch name),
 * a map as an object, an array as an array, a nested record as an object, an int or a long as an integer, and a
 * double as a number, or as the string {@code "NaN"}, {@code "Infinity"} or {@code "-Infinity"} when it is not
 * finite. The fields without a default are required (a record written before a field with a default was added
 * lacks it); no other field is allowed. Nested records are {@code $defs} of the document.
 *
 * <p>The input events have no JSON Schema here: pqp's JSON reader accepts more than their Avro schemas say (an
 * ISO-8601 timestamp, a label given as a number or a boolean, fields it does not know).
 */
final class JsonSchemaGenerator {
  /** The records of the derived topics that pqp writes as JSON. */
  static final List<Schema> DERIVED = List.of(FeatureDrift.getClassSchema(), ModelWindow.getClassSchema(),
      Performance.getClassSchema(), Action.getClassSchema(), VersionComparison.getClassSchema());
  static final String ID_BASE = "https://pqp.dev/schemas/";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DefaultPrettyPrinter PRINTER = new DefaultPrettyPrinter(Separators.createDefaultInstance()
      .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("").withArrayEmptySeparator(""))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"));
  /** The strings a double that is not finite is written as; a number is left alone by {@code pattern}. */
  private static final String NOT_FINITE = "^(NaN|-?Infinity)$";

  private final ObjectNode defs = JSON.createObjectNode();

  private JsonSchemaGenerator() {}

  /** The file name of each derived record's JSON Schema, and its text. */
  static Map<String, String> generate() {
    Map<String, String> files = new LinkedHashMap<>();
    for (Schema record : DERIVED) {
      files.put(fileName(record), text(record));
    }
    return files;
  }

  static String fileName(Schema record) {
    return record.getName() + ".schema.json";
  }

  /** The JSON Schema document of one Avro record schema, as it is shipped (ending in a line feed). */
  static String text(Schema record) {
    JsonSchemaGenerator g = new JsonSchemaGenerator();
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", ID_BASE + fileName(record));
    root.put("title", record.getFullName());
    root.put("$comment", "Generated from " + record.getName() + ".avsc by JsonSchemaGenerator (pqp-schemas' tests): "
        + "do not edit. The JSON pqp writes with output.format=json: every field, null where a nullable one has no "
        + "value; a double that is not finite as the string NaN, Infinity or -Infinity.");
    g.record(record, root);
    if (!g.defs.isEmpty()) {
      root.set("$defs", g.defs);
    }
    try {
      return JSON.writer(PRINTER).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void record(Schema record, ObjectNode node) {
    if (record.getDoc() != null) {
      node.put("description", record.getDoc());
    }
    node.put("type", "object");
    ObjectNode properties = node.putObject("properties");
    ArrayNode required = JSON.createArrayNode();
    for (Schema.Field f : record.getFields()) {
      ObjectNode p = properties.putObject(f.name());
      if (f.doc() != null) {
        p.put("description", f.doc());
      }
      p.setAll(type(f.schema()));
      if (f.hasDefaultValue()) {
        JsonNode value = f.defaultVal() == JsonProperties.NULL_VALUE ? NullNode.getInstance()
            : JSON.<JsonNode>valueToTree(f.defaultVal());
        p.set("default", value);
      } else {
        required.add(f.name());
      }
    }
    if (!required.isEmpty()) {
      node.set("required", required);
    }
    node.put("additionalProperties", false);
  }

  private ObjectNode type(Schema s) {
    ObjectNode n = JSON.createObjectNode();
    switch (s.getType()) {
      case STRING -> n.put("type", "string");
      case INT, LONG -> n.put("type", "integer");
      case FLOAT, DOUBLE -> {
        n.putArray("type").add("number").add("string");
        n.put("pattern", NOT_FINITE);
      }
      case BOOLEAN -> n.put("type", "boolean");
      case MAP -> n.put("type", "object").set("additionalProperties", type(s.getValueType()));
      case ARRAY -> n.put("type", "array").set("items", type(s.getElementType()));
      case RECORD -> {
        if (!defs.has(s.getName())) {
          ObjectNode def = defs.putObject(s.getName()); // before its fields, so that a recursive record ends
          def.put("title", s.getFullName());
          record(s, def);
        }
        n.put("$ref", "#/$defs/" + s.getName());
      }
      case UNION -> n.setAll(nullable(s));
      default -> throw new IllegalArgumentException("no derived record has a field of type " + s
          + " yet: map it as GenericData.toString writes it");
    }
    return n;
  }

  /** A union of null and one type: null added to the type's {@code type}, or one of null and a record. */
  private ObjectNode nullable(Schema union) {
    List<Schema> types = union.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
    if (union.getTypes().size() != 2 || types.size() != 1) {
      throw new IllegalArgumentException("no derived record has a union other than null and one type yet: " + union);
    }
    ObjectNode t = type(types.get(0));
    if (t.has("$ref")) {
      ObjectNode n = JSON.createObjectNode();
      n.putArray("oneOf").add(JSON.createObjectNode().put("type", "null")).add(t);
      return n;
    }
    JsonNode type = t.get("type");
    ArrayNode withNull = JSON.createArrayNode().add("null");
    if (type.isArray()) {
      withNull.addAll((ArrayNode) type);
    } else {
      withNull.add(type);
    }
    t.set("type", withNull);
    return t;
  }
}
