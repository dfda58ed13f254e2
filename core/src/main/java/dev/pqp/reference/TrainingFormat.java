package dev.pqp.reference;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats {@code pqp baseline} reads, chosen by extension unless {@code --format} says otherwise. */
public enum TrainingFormat {
  CSV,
  JSONL,
  AVRO;

  /** The format of {@code file} by its extension: .csv, .jsonl/.ndjson/.json, .avro. */
  public static TrainingFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSONL;
    }
    if (name.endsWith(".avro")) {
      return AVRO;
    }
    throw new TrainingDataException(file.toString(), 0,
        "cannot tell the format from the extension (.csv, .jsonl, .ndjson, .json, .avro): pass --format csv|jsonl|avro");
  }

  /** Parses {@code csv}, {@code jsonl} (or {@code json}, {@code ndjson}) or {@code avro}. */
  public static TrainingFormat parse(String s) {
    String v = s.trim().toUpperCase(Locale.ROOT);
    return switch (v) {
      case "JSON", "NDJSON" -> JSONL;
      default -> valueOf(v);
    };
  }
}
