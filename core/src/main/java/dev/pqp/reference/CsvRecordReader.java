package dev.pqp.reference;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 text into records of fields, streaming: comma-separated, records ended by CRLF, LF or
 * CR, fields optionally in double quotes, where a quote is written {@code ""} and commas and line breaks
 * are literal. Leniently, a quote inside an unquoted field is kept as text. A leading byte-order mark is
 * dropped.
 */
final class CsvRecordReader {
  private static final int EOF = -1;

  private final Reader in;
  private final String source;
  private final StringBuilder field = new StringBuilder();
  private long line = 1;
  private long recordLine;
  private int pushedBack = -2;
  private boolean started;

  CsvRecordReader(Reader in, String source) {
    this.in = in;
    this.source = source;
  }

  /** The fields of the next record, or {@code null} at the end of the input. */
  List<String> next() throws IOException {
    int c = read();
    if (!started) {
      started = true;
      if (c == '\uFEFF') {
        c = read();
      }
    }
    if (c == EOF) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    while (true) {
      field.setLength(0);
      if (c == '"') {
        c = readQuoted();
      } else {
        while (c != ',' && c != '\n' && c != '\r' && c != EOF) {
          field.append((char) c);
          c = read();
        }
      }
      fields.add(field.toString());
      if (c == ',') {
        c = read();
        continue;
      }
      endOfLine(c);
      return fields;
    }
  }

  /** The line on which the record last returned by {@link #next()} began (1-based). */
  long recordLine() {
    return recordLine;
  }

  /** Reads a quoted field's content after its opening quote; returns the character after the closing quote. */
  private int readQuoted() throws IOException {
    long opened = line;
    while (true) {
      int c = read();
      if (c == EOF) {
        throw new TrainingDataException(source, opened, "quoted field never closed (a \" opened here has no closing \")");
      }
      if (c == '"') {
        int after = read();
        if (after != '"') {
          if (after != ',' && after != '\n' && after != '\r' && after != EOF) {
            throw new TrainingDataException(source, line, "unexpected character '" + (char) after
                + "' after a closing quote (write a quote inside a quoted field as \"\")");
          }
          return after;
        }
      } else if (c == '\n' || (c == '\r' && peekNot('\n'))) {
        line++;
      }
      field.append((char) c);
    }
  }

  private void endOfLine(int c) throws IOException {
    if (c == '\r') {
      int n = read();
      if (n != '\n') {
        pushedBack = n;
      }
    }
    if (c != EOF) {
      line++;
    }
  }

  /** Whether the next character is not {@code expected}, without consuming it. */
  private boolean peekNot(int expected) throws IOException {
    int n = read();
    pushedBack = n;
    return n != expected;
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }
}
