package dev.pqp.ingest;

import ch.randelshofer.fastdoubleparser.JsonDoubleParser;

/**
 * Reads one JSON number, -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?, for {@link JsonCursor}, as Jackson does:
 * an integer that a long holds as that long; any other number of at most {@value #MAX_CHARS} characters as the
 * double FastDoubleParser makes of it, correctly rounded as {@code Double.parseDouble}. A leading zero or a missing
 * digit, which Jackson rejects, an integer past a long, which it reads as a big integer, and a longer number throw
 * {@link JsonCursor.Fallback}. Not thread-safe.
 */
final class JsonNumber {
  /** The most digits of a long; of 19, Jackson reads as a long those a long holds. */
  static final int MAX_INT_DIGITS = 19;
  static final int MAX_CHARS = 64;

  private int end;
  private long longValue;
  private double doubleValue;

  /** Reads the number at {@code start}, within {@code limit}: true for an integer ({@link #longValue()}). */
  boolean read(byte[] b, int start, int limit) {
    int i = b[start] == '-' ? start + 1 : start;
    int digitsFrom = i;
    i = digits(b, i, limit);
    int digits = i - digitsFrom;
    if (digits > 1 && b[digitsFrom] == '0') {
      throw JsonCursor.Fallback.INSTANCE; // a leading zero, an error to Jackson
    }
    int integerEnd = i;
    if (i < limit && b[i] == '.') {
      i = digits(b, i + 1, limit);
    }
    if (i < limit && (b[i] == 'e' || b[i] == 'E')) {
      i++;
      if (i < limit && (b[i] == '+' || b[i] == '-')) {
        i++;
      }
      i = digits(b, i, limit);
    }
    end = i;
    if (i == integerEnd) {
      longValue = integer(b, digitsFrom, digits, digitsFrom != start);
      return true;
    }
    if (i - start > MAX_CHARS) {
      throw JsonCursor.Fallback.INSTANCE;
    }
    doubleValue = JsonDoubleParser.parseDouble(b, start, i - start);
    return false;
  }

  /** The index past the number read. */
  int end() {
    return end;
  }

  long longValue() {
    return longValue;
  }

  double doubleValue() {
    return doubleValue;
  }

  /** Past one or more digits at {@code i}. */
  private static int digits(byte[] b, int i, int limit) {
    int start = i;
    while (i < limit && b[i] >= '0' && b[i] <= '9') {
      i++;
    }
    if (i == start) {
      throw JsonCursor.Fallback.INSTANCE;
    }
    return i;
  }

  /** The integer of {@code digits} digits at {@code at}, if a long holds it. */
  private static long integer(byte[] b, int at, int digits, boolean negative) {
    if (digits > MAX_INT_DIGITS) {
      throw JsonCursor.Fallback.INSTANCE; // a big integer to Jackson
    }
    long v = 0;
    for (int k = 0; k < Math.min(digits, MAX_INT_DIGITS - 1); k++) {
      v = v * 10 + (b[at + k] - '0');
    }
    if (digits < MAX_INT_DIGITS) {
      return negative ? -v : v;
    }
    int last = b[at + MAX_INT_DIGITS - 1] - '0';
    long limit = Long.MAX_VALUE / 10;
    if (v > limit || (v == limit && last > (negative ? 8 : 7))) {
      throw JsonCursor.Fallback.INSTANCE;
    }
    return negative ? -(v * 10) - last : v * 10 + last;
  }
}
