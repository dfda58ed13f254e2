package dev.pqp.reference;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Rows of an Avro object container file, read with its own writer schema. Records with a {@code features}
 * map field (the shape of pqp's prediction event) contribute that map; other records their top-level
 * fields. int and long become {@link Long}, float and double {@link Double}, string and enum
 * {@link String}; a record, array, map, bytes or fixed value where a feature belongs is an error naming the
 * record number (1-based) and field.
 */
final class AvroRows implements TrainingRows {
  private final DataFileReader<GenericRecord> reader;
  private final String source;
  private final Columns columns;
  private final boolean hasFeaturesMap;
  private GenericRecord reuse;
  private long record;

  private AvroRows(DataFileReader<GenericRecord> reader, String source, Columns columns) {
    this.reader = reader;
    this.source = source;
    this.columns = columns;
    Schema schema = reader.getSchema();
    if (schema.getType() != Schema.Type.RECORD) {
      throw new TrainingDataException(source, 0, "the file's schema is " + schema.getType().getName()
          + ", expected records");
    }
    Schema.Field f = schema.getField("features");
    this.hasFeaturesMap = f != null && isMap(f.schema());
  }

  static AvroRows open(Path file, Columns columns) throws IOException {
    DataFileReader<GenericRecord> r;
    try {
      r = new DataFileReader<>(file.toFile(), new GenericDatumReader<>());
    } catch (IOException | AvroRuntimeException e) {
      if (e instanceof java.io.FileNotFoundException || e instanceof java.nio.file.NoSuchFileException) {
        throw (IOException) e;
      }
      throw new TrainingDataException(file.toString(), 0, "not an Avro object container file: " + e.getMessage());
    }
    try {
      return new AvroRows(r, file.toString(), columns);
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private static boolean isMap(Schema s) {
    if (s.getType() == Schema.Type.MAP) {
      return true;
    }
    return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.MAP);
  }

  @Override
  public Map<String, Object> next() throws IOException {
    if (!hasNext()) {
      return null;
    }
    try {
      reuse = reader.next(reuse);
    } catch (AvroRuntimeException e) {
      throw new TrainingDataException(source, 0, "record " + (record + 1) + " cannot be decoded: " + e.getMessage());
    }
    record++;
    Map<String, Object> row = new LinkedHashMap<>();
    if (hasFeaturesMap) {
      Object features = reuse.get("features");
      if (features instanceof Map<?, ?> m) {
        m.forEach((k, v) -> put(row, k.toString(), v));
      }
    } else {
      for (Schema.Field f : reuse.getSchema().getFields()) {
        put(row, f.name(), reuse.get(f.pos()));
      }
    }
    return row;
  }

  private boolean hasNext() {
    try {
      return reader.hasNext();
    } catch (AvroRuntimeException e) {
      throw new TrainingDataException(source, 0, "record " + (record + 1) + " cannot be decoded: " + e.getMessage());
    }
  }

  private void put(Map<String, Object> row, String name, Object value) {
    if (columns.keep(name)) {
      row.put(name, columns.coerce(name, scalar(name, value)));
    }
  }

  private Object scalar(String field, Object v) {
    if (v == null || v instanceof Boolean || v instanceof Double || v instanceof Long) {
      return v;
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Float f) {
      return f.doubleValue();
    }
    if (v instanceof CharSequence || v instanceof GenericData.EnumSymbol) {
      return v.toString();
    }
    String what = v instanceof GenericRecord ? "a record" : v instanceof Map ? "a map"
        : v instanceof java.util.Collection ? "an array" : v instanceof ByteBuffer ? "bytes"
        : v instanceof GenericData.Fixed ? "fixed bytes" : v.getClass().getSimpleName();
    throw new TrainingDataException(source, 0, "record " + record + ": field '" + field + "' is " + what
        + ", not a feature value (number, string, boolean or null); leave it out with --exclude " + field);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
