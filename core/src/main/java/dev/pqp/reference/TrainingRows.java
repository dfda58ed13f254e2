package dev.pqp.reference;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rows of training data, one at a time, never the whole file: each row maps a feature name to a value
 * pqp profiles ({@link Double}, {@link Long}, {@link Boolean}, {@link String}, or {@code null} for
 * missing). Readers throw {@link TrainingDataException} for bad input, naming the file and line.
 */
public interface TrainingRows extends Closeable {

  /** The next row, or {@code null} at the end of the input. */
  Map<String, Object> next() throws IOException;

  /** Opens {@code file} in {@code format}, or by its extension when {@code format} is null. */
  static TrainingRows open(Path file, TrainingFormat format, Columns columns) throws IOException {
    TrainingFormat f = format == null ? TrainingFormat.of(file) : format;
    return switch (f) {
      case CSV -> CsvRows.open(file, columns);
      case JSONL -> JsonLinesRows.open(file, columns);
      case AVRO -> AvroRows.open(file, columns);
    };
  }
}
