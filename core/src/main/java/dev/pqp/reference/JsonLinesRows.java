package dev.pqp.reference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows of a JSON Lines file: one JSON object per line, blank lines skipped. A line with a {@code features}
 * object contributes that object (the shape of a logged prediction event); any other line contributes its
 * top-level fields. Values keep their JSON types: integers are {@link Long}, other numbers {@link Double};
 * an object or array where a feature value belongs is an error naming the line and field.
 */
final class JsonLinesRows implements TrainingRows {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final BufferedReader reader;
  private final String source;
  private final Columns columns;
  private long line;

  private JsonLinesRows(BufferedReader reader, String source, Columns columns) {
    this.reader = reader;
    this.source = source;
    this.columns = columns;
  }

  static JsonLinesRows open(Path file, Columns columns) throws IOException {
    return new JsonLinesRows(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString(), columns);
  }

  @Override
  public Map<String, Object> next() throws IOException {
    String text;
    do {
      try {
        text = reader.readLine();
      } catch (CharacterCodingException e) {
        throw new TrainingDataException(source, line + 1, "not UTF-8 text: " + e.getMessage());
      }
      if (text == null) {
        return null;
      }
      line++;
    } while (text.isBlank());
    return row(parse(text));
  }

  private JsonNode parse(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new TrainingDataException(source, line, "not valid JSON: " + e.getOriginalMessage());
    }
    if (!node.isObject()) {
      throw new TrainingDataException(source, line, "expected a JSON object, found " + node.getNodeType().name()
          .toLowerCase(java.util.Locale.ROOT));
    }
    return node;
  }

  private Map<String, Object> row(JsonNode object) {
    JsonNode features = object.get("features");
    JsonNode fields = features != null && features.isObject() ? features : object;
    Map<String, Object> row = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (columns.keep(e.getKey())) {
        row.put(e.getKey(), columns.coerce(e.getKey(), scalar(e.getKey(), e.getValue())));
      }
    }
    return row;
  }

  private Object scalar(String field, JsonNode v) {
    if (v.isNull()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.longValue() : (Object) v.doubleValue();
    }
    if (v.isNumber()) {
      return v.doubleValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    throw new TrainingDataException(source, line, "field '" + field + "' is " + (v.isArray() ? "an array" : "an object")
        + ", not a feature value (number, string, boolean or null); leave it out with --exclude " + field);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
