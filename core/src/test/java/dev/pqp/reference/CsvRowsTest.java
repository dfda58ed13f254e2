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

class CsvRowsTest {
  @TempDir Path dir;

  private List<Map<String, Object>> read(String text, Columns columns) throws IOException {
    Path f = TrainingFiles.write(dir.resolve("t.csv"), text);
    List<Map<String, Object>> out = new ArrayList<>();
    try (TrainingRows rows = TrainingRows.open(f, null, columns)) {
      for (Map<String, Object> r = rows.next(); r != null; r = rows.next()) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void shouldInferTheTypeOfEachCell() throws IOException {
    List<Map<String, Object>> rows = read("a,b,c,d,e,f\n42,-3.5,1e3,TRUE,false,hello\n+7,.5,2.5E-2,x,0,9223372036854775808\n",
        Columns.ALL);
    assertThat(rows.get(0)).containsExactly(Map.entry("a", 42L), Map.entry("b", -3.5), Map.entry("c", 1000.0),
        Map.entry("d", true), Map.entry("e", false), Map.entry("f", "hello"));
    assertThat(rows.get(1)).containsEntry("a", 7L).containsEntry("b", 0.5).containsEntry("c", 0.025)
        .containsEntry("d", "x").containsEntry("e", 0L).containsEntry("f", 9.223372036854775808e18);
  }

  @Test
  void shouldTreatEmptyCellsAndNaMarkersAsMissing() throws IOException {
    List<Map<String, Object>> rows = read("a,b,c,d,e\n,NA,NaN,null,\"\"\n", Columns.ALL);
    Map<String, Object> expected = new HashMap<>();
    for (String k : List.of("a", "b", "c", "d", "e")) {
      expected.put(k, null);
    }
    assertThat(rows).containsExactly(expected);
  }

  @Test
  void shouldKeepTheTextOfColumnsForcedCategorical() throws IOException {
    List<Map<String, Object>> rows = read("zip,n\n02134,02134\n,1\n", new Columns(Set.of(), Set.of("zip")));
    assertThat(rows.get(0)).containsEntry("zip", "02134").containsEntry("n", 2134L);
    assertThat(rows.get(1)).containsEntry("zip", null);
  }

  @Test
  void shouldLeaveOutExcludedColumns() throws IOException {
    List<Map<String, Object>> rows = read("prediction_id,x,label\np1,1,0\n", new Columns(Set.of("prediction_id", "label"), Set.of()));
    assertThat(rows).containsExactly(Map.of("x", 1L));
  }

  @Test
  void shouldReadQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
    String text = "\uFEFFid,text,n\r\n1,\"a, b\",2\r\n2,\"say \"\"hi\"\"\",3\r\n3,\"two\r\nlines\",4\r\n\r\n";
    List<Map<String, Object>> rows = read(text, Columns.ALL);
    assertThat(rows).extracting(r -> r.get("text")).containsExactly("a, b", "say \"hi\"", "two\r\nlines");
    assertThat(rows).extracting(r -> r.get("n")).containsExactly(2L, 3L, 4L);
  }

  @Test
  void shouldNameTheLineOfARecordWithTheWrongNumberOfFields() {
    // the quoted line break makes record 3 start on line 4
    String text = "a,b\n1,\"x\ny\"\n2,z,extra\n";
    assertThatThrownBy(() -> read(text, Columns.ALL)).isInstanceOf(TrainingDataException.class)
        .hasMessageEndingWith("t.csv:4: has 3 fields but the header has 2");
  }

  @Test
  void shouldNameTheLineOfAnUnclosedQuote() {
    assertThatThrownBy(() -> read("a,b\n1,2\n3,\"open\n4,5\n", Columns.ALL)).isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("t.csv:3: quoted field never closed");
  }

  @Test
  void shouldRejectTextAfterAClosingQuote() {
    assertThatThrownBy(() -> read("a,b\n1,\"x\"y\n", Columns.ALL)).isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("t.csv:2: unexpected character 'y' after a closing quote");
  }

  @Test
  void shouldRejectAHeaderThatNamesAColumnTwice() {
    assertThatThrownBy(() -> read("a,b,a\n1,2,3\n", Columns.ALL)).isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("t.csv:1: column 'a' appears twice");
  }

  @Test
  void shouldRejectAnEmptyFile() {
    assertThatThrownBy(() -> read("", Columns.ALL)).isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("no header row");
  }
}
