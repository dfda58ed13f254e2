package dev.pqp.reference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes rows as the training files {@code pqp baseline} reads, quoting like Python's csv module. */
final class TrainingFiles {
  private TrainingFiles() {}

  static Path csv(Path file, List<String> header, List<Map<String, Object>> rows) {
    StringBuilder s = new StringBuilder(String.join(",", header)).append("\r\n");
    for (Map<String, Object> row : rows) {
      List<String> cells = new ArrayList<>();
      for (String h : header) {
        Object v = row.get(h);
        cells.add(v == null ? "" : quote(v.toString()));
      }
      s.append(String.join(",", cells)).append("\r\n");
    }
    return write(file, s.toString());
  }

  static Path jsonl(Path file, List<Map<String, Object>> rows, boolean wrapInFeatures) {
    StringBuilder s = new StringBuilder();
    int i = 0;
    for (Map<String, Object> row : rows) {
      String features = row.entrySet().stream()
          .map(e -> json(e.getKey()) + ":" + (e.getValue() instanceof String str ? json(str) : String.valueOf(e.getValue())))
          .collect(Collectors.joining(",", "{", "}"));
      s.append(wrapInFeatures ? "{\"prediction_id\":\"p-" + (i++) + "\",\"features\":" + features + "}" : features).append('\n');
    }
    return write(file, s.toString());
  }

  static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String quote(String v) {
    boolean needs = v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r");
    return needs ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
  }

  private static String json(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
