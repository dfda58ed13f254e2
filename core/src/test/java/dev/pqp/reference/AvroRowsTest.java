package dev.pqp.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroRowsTest {
  private static final Schema FEATURE_VALUE = SchemaBuilder.unionOf().nullType().and().doubleType().and().longType()
      .and().booleanType().and().stringType().endUnion();
  private static final Schema WITH_FEATURES = SchemaBuilder.record("Logged").fields()
      .requiredString("prediction_id")
      .name("features").type().map().values(FEATURE_VALUE).noDefault()
      .endRecord();
  private static final Schema META = SchemaBuilder.record("Meta").fields().requiredInt("x").endRecord();
  private static final Schema FLAT = SchemaBuilder.record("Row").fields()
      .requiredInt("age")
      .requiredFloat("ratio")
      .name("color").type().enumeration("Color").symbols("RED", "BLUE").noDefault()
      .optionalString("name")
      .name("meta").type().optional().type(META)
      .endRecord();

  @TempDir Path dir;

  private Path write(String name, Schema schema, List<GenericRecord> records) throws IOException {
    Path f = dir.resolve(name);
    try (DataFileWriter<GenericRecord> w = new DataFileWriter<>(new GenericDatumWriter<>(schema))) {
      w.create(schema, f.toFile());
      for (GenericRecord r : records) {
        w.append(r);
      }
    }
    return f;
  }

  private static List<Map<String, Object>> readAll(Path f, Columns columns) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (TrainingRows rows = TrainingRows.open(f, null, columns)) {
      for (Map<String, Object> r = rows.next(); r != null; r = rows.next()) {
        out.add(r);
      }
    }
    return out;
  }

  @Test
  void shouldReadTheFeaturesMapOfEachRecord() throws IOException {
    GenericRecord r = new GenericData.Record(WITH_FEATURES);
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("income", 52000.5);
    features.put("age", 41L);
    features.put("prior", true);
    features.put("zip", "02134");
    features.put("gone", null);
    r.put("prediction_id", "p1");
    r.put("features", features);
    List<Map<String, Object>> rows = readAll(write("p.avro", WITH_FEATURES, List.of(r)), Columns.ALL);
    Map<String, Object> expected = new HashMap<>(Map.of("income", 52000.5, "age", 41L, "prior", true, "zip", "02134"));
    expected.put("gone", null);
    assertThat(rows).containsExactly(expected);
  }

  @Test
  void shouldReadTopLevelScalarsAsPqpTypes() throws IOException {
    GenericRecord r = new GenericData.Record(FLAT);
    r.put("age", 30);
    r.put("ratio", 0.5f);
    r.put("color", new GenericData.EnumSymbol(FLAT.getField("color").schema(), "RED"));
    r.put("name", null);
    List<Map<String, Object>> rows = readAll(write("flat.avro", FLAT, List.of(r)), new Columns(Set.of(), Set.of("age")));
    Map<String, Object> expected = new HashMap<>(Map.of("age", "30", "ratio", 0.5, "color", "RED"));
    expected.put("name", null);
    expected.put("meta", null);
    assertThat(rows).containsExactly(expected);
  }

  @Test
  void shouldNameTheRecordAndFieldOfANestedValue() throws IOException {
    GenericRecord ok = new GenericData.Record(FLAT);
    ok.put("age", 30);
    ok.put("ratio", 0.5f);
    ok.put("color", new GenericData.EnumSymbol(FLAT.getField("color").schema(), "BLUE"));
    GenericRecord nested = new GenericData.Record(FLAT);
    nested.put("age", 31);
    nested.put("ratio", 0.25f);
    nested.put("color", new GenericData.EnumSymbol(FLAT.getField("color").schema(), "BLUE"));
    GenericRecord meta = new GenericData.Record(META);
    meta.put("x", 1);
    nested.put("meta", meta);
    Path f = write("n.avro", FLAT, List.of(ok, nested));
    assertThatThrownBy(() -> readAll(f, Columns.ALL)).isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("n.avro: record 2: field 'meta' is a record");
    assertThat(readAll(f, new Columns(Set.of("meta"), Set.of()))).hasSize(2);
  }

  @Test
  void shouldRejectAFileThatIsNotAnAvroContainer() {
    Path f = TrainingFiles.write(dir.resolve("x.avro"), "not avro at all");
    assertThatThrownBy(() -> readAll(f, Columns.ALL)).isInstanceOf(TrainingDataException.class)
        .hasMessageContaining("x.avro: not an Avro object container file");
  }
}
