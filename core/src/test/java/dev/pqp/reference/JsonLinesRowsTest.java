package dev.pqp.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesRowsTest {
  @TempDir Path dir;

  private List<Map<String, Object>> read(String name, String text, Columns columns) throws IOException {
    Path f = TrainingFiles.write(dir.resolve(name), text);
    List<Map<String, Object>> out = new ArrayList<>();
    try (TrainingRows rows = TrainingRows.open(f, null, columns)) {
      for (Map<String, Object> r = rows.next(); r != null; r = rows.next()) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void shouldUseTheFeaturesObjectWhenPresent() throws IOException {
    List<Map<String, Object>> rows = read("p.jsonl",
        "{\"prediction_id\":\"p1\",\"prediction\":{\"score\":0.3},\"features\":{\"age\":41,\"income\":5.5e4,\"ok\":true,\"zip\":\"02134\",\"x\":null}}\n",
        Columns.ALL);
    Map<String, Object> expected = new HashMap<>(Map.of("age", 41L, "income", 55000.0, "ok", true, "zip", "02134"));
    expected.put("x", null);
    assertThat(rows).containsExactly(expected);
  }

  @Test
  void shouldUseTopLevelFieldsOtherwiseAndSkipBlankLines() throws IOException {
    List<Map<String, Object>> rows = read("flat.ndjson", "{\"id\":\"a\",\"n\":1}\n\n   \n{\"id\":\"b\",\"n\":2.5}\n",
        new Columns(Set.of("id"), Set.of()));
    assertThat(rows).containsExactly(Map.of("n", 1L), Map.of("n", 2.5));
  }

  @Test
  void shouldTurnForcedCategoricalValuesIntoText() throws IOException {
    List<Map<String, Object>> rows = read("z.json", "{\"zip\":2134,\"n\":1}\n", new Columns(Set.of(), Set.of("zip")));
    assertThat(rows).containsExactly(Map.of("zip", "2134", "n", 1L));
  }

  @Test
  void shouldNameTheLineAndFieldOfANestedValue() {
    assertThatThrownBy(() -> read("n.jsonl", "{\"a\":1}\n{\"a\":2,\"meta\":{\"b\":1}}\n", Columns.ALL))
        .isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("n.jsonl:2: field 'meta' is an object")
        .hasMessageContaining("--exclude meta");
  }

  @Test
  void shouldAcceptANestedValueThatIsExcluded() throws IOException {
    assertThat(read("n.jsonl", "{\"a\":2,\"meta\":[1,2]}\n", new Columns(Set.of("meta"), Set.of())))
        .containsExactly(Map.of("a", 2L));
  }

  @Test
  void shouldNameTheLineOfInvalidJson() {
    assertThatThrownBy(() -> read("b.jsonl", "{\"a\":1}\n{\"a\":\n", Columns.ALL))
        .isInstanceOf(TrainingDataException.class).hasMessageContaining("b.jsonl:2: not valid JSON");
    assertThatThrownBy(() -> read("c.jsonl", "[1,2]\n", Columns.ALL))
        .isInstanceOf(TrainingDataException.class).hasMessageContaining("c.jsonl:1: expected a JSON object, found array");
  }
}
