package dev.pqp.reference;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rows of a CSV file (UTF-8, RFC 4180) whose first record names the columns. Each cell's type is inferred
 * on its own: an integer is a {@link Long}, a decimal or scientific number a {@link Double},
 * {@code true}/{@code false} (any case) a {@link Boolean}, an empty cell or one of pandas' default NA
 * markers ({@code NA}, {@code NaN}, {@code null}, {@code N/A}, ...) missing, anything else a {@link String}.
 * Columns forced categorical keep their text, so zip code {@code 02134} stays "02134".
 */
final class CsvRows implements TrainingRows {
  /** pandas' default {@code na_values}: what Python-made training files write for missing. */
  static final Set<String> MISSING = Set.of("", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "NULL", "null",
      "None", "<NA>", "#N/A", "#NA", "#N/A N/A", "-1.#IND", "-1.#QNAN", "1.#IND", "1.#QNAN");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  private final BufferedReader reader;
  private final CsvRecordReader records;
  private final String source;
  private final Columns columns;
  private final List<String> header;

  private CsvRows(BufferedReader reader, String source, Columns columns) throws IOException {
    this.reader = reader;
    this.source = source;
    this.columns = columns;
    this.records = new CsvRecordReader(reader, source);
    List<String> h = records.next();
    if (h == null || (h.size() == 1 && h.get(0).isBlank())) {
      throw new TrainingDataException(source, 1, "no header row: the first line must name the columns");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < h.size(); i++) {
      String name = h.get(i).trim();
      if (name.isEmpty()) {
        throw new TrainingDataException(source, 1, "column " + (i + 1) + " of the header has no name");
      }
      if (!seen.add(name)) {
        throw new TrainingDataException(source, 1, "column '" + name + "' appears twice in the header");
      }
      h.set(i, name);
    }
    this.header = h;
  }

  static CsvRows open(Path file, Columns columns) throws IOException {
    BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    try {
      return new CsvRows(r, file.toString(), columns);
    } catch (RuntimeException | IOException e) {
      r.close();
      throw e;
    }
  }

  /** The column names, in file order. */
  List<String> header() {
    return List.copyOf(header);
  }

  @Override
  public Map<String, Object> next() throws IOException {
    List<String> cells;
    do {
      try {
        cells = records.next();
      } catch (java.nio.charset.CharacterCodingException e) {
        throw new TrainingDataException(source, records.recordLine(), "not UTF-8 text: " + e.getMessage());
      }
      if (cells == null) {
        return null;
      }
    } while (cells.size() == 1 && cells.get(0).isEmpty() && header.size() > 1); // blank line
    if (cells.size() != header.size()) {
      throw new TrainingDataException(source, records.recordLine(), "has " + cells.size() + " fields but the header has "
          + header.size());
    }
    Map<String, Object> row = new LinkedHashMap<>(header.size() * 2);
    for (int i = 0; i < cells.size(); i++) {
      String name = header.get(i);
      if (columns.keep(name)) {
        row.put(name, columns.forcedCategorical(name) ? text(cells.get(i)) : infer(cells.get(i)));
      }
    }
    return row;
  }

  /** A cell of a categorical column: its text, or missing. */
  static String text(String cell) {
    return MISSING.contains(cell.trim()) ? null : cell;
  }

  /** The typed value of one cell; see the class comment. */
  static Object infer(String cell) {
    String t = cell.trim();
    if (MISSING.contains(t)) {
      return null;
    }
    if (INTEGER.matcher(t).matches()) {
      try {
        return Long.parseLong(t);
      } catch (NumberFormatException tooLong) {
        return Double.parseDouble(t);
      }
    }
    if (DECIMAL.matcher(t).matches()) {
      return Double.parseDouble(t);
    }
    if (t.equalsIgnoreCase("true")) {
      return Boolean.TRUE;
    }
    if (t.equalsIgnoreCase("false")) {
      return Boolean.FALSE;
    }
    return cell;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
