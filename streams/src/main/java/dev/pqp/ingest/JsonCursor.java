package dev.pqp.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the tokens of one JSON document straight from its UTF-8 bytes, for {@link FastJsonEventReader}. It reads
 * only what it is sure to read as {@link JsonEventReader}'s Jackson parser does: well-formed UTF-8 without control
 * characters, the JSON escapes, the numbers that {@link JsonNumber} reads, the tokens {@code NaN}, {@code Infinity}
 * and {@code -Infinity}, values nested at most {@value #MAX_DEPTH} deep and names of at most {@value #MAX_NAME_BYTES}
 * bytes. At anything else, valid JSON or not, it throws {@link Fallback}: the record is then Jackson's, and so is
 * every error to report.
 *
 * <p>One value is read at a time: {@link #value()} reads the next one and tells its kind; a string's, a
 * number's or a name's content is read from the cursor until the next token. Not thread-safe.
 */
final class JsonCursor {
  /** Jackson's own limits (StreamReadConstraints: depth 1,000, names of 50,000) are far beyond these. */
  static final int MAX_DEPTH = 32;
  static final int MAX_NAME_BYTES = 1_024;

  /** The kind of a value. */
  enum Token { STRING, INT, FLOAT, TRUE, FALSE, NULL, OBJECT, ARRAY }

  /** Thrown where the cursor leaves the record to Jackson: one instance, without a stack trace. */
  static final class Fallback extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Fallback INSTANCE = new Fallback();

    private Fallback() {
      super("left to Jackson", null, false, false);
    }
  }

  /** Eight bytes of a record at once, as a long whose lowest byte is the first. */
  static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  private static final byte[] NULL = ascii("null");
  private static final byte[] NAN = ascii("NaN");
  private static final byte[] INFINITY = ascii("Infinity");

  private final Utf8Text text = new Utf8Text();
  private final JsonNumber number = new JsonNumber();
  private byte[] b;
  private int pos;
  private int end;
  /** The last name read: its bytes between the quotes, and whether they are ASCII without escapes. */
  private int nameFrom;
  private int nameTo;
  private boolean plainName;
  /** The last value read: a string's bytes between the quotes, or a number's or a literal's token. */
  private int from;
  private int to;
  private boolean plain;
  private long longValue;
  private double doubleValue;

  void reset(byte[] bytes) {
    b = bytes;
    pos = 0;
    end = bytes.length;
  }

  /** Reads the '{' that opens the document, after white space. */
  void startDocument() {
    if (skipWhiteSpace() != '{') {
      throw Fallback.INSTANCE;
    }
    pos++;
  }

  /** After the object that is the document: nothing but white space. */
  void endDocument() {
    while (pos < end) {
      if (!isWhiteSpace(b[pos++])) {
        throw Fallback.INSTANCE;
      }
    }
  }

  /**
   * Reads the next name of the object being read and its ':'; false at the object's end ('}' read). {@code first}
   * after the object's '{', else after a value of the object.
   */
  boolean nextName(boolean first) {
    if (!nextEntry(first)) {
      return false;
    }
    readName();
    return true;
  }

  /**
   * Reads up to the opening quote of the next name of the object being read, then {@link #name(NameCache, int)}
   * reads the name; false at the object's end ('}' read). {@code first} as for {@link #nextName}.
   */
  boolean nextEntry(boolean first) {
    byte c = skipWhiteSpace();
    if (c == '}') {
      pos++;
      return false;
    }
    if (!first) {
      if (c != ',') {
        throw Fallback.INSTANCE;
      }
      pos++;
      c = skipWhiteSpace();
    }
    if (c != '"') {
      throw Fallback.INSTANCE;
    }
    return true;
  }

  /** Reads the name whose opening quote is at the cursor, and its ':'. */
  private void readName() {
    plainName = scanString();
    nameFrom = from;
    nameTo = to;
    if (nameTo - nameFrom > MAX_NAME_BYTES) {
      throw Fallback.INSTANCE;
    }
    colon();
  }

  /**
   * Reads the name whose opening quote is at the cursor (after {@link #nextEntry}), the {@code position}-th of its
   * object, and its ':'; one String per distinct name from {@code names}. The name that {@code names} last saw at
   * that position is matched first, byte for byte, with no scan for its end: the same bytes are the same name.
   */
  String name(NameCache names, int position) {
    int n = names.lengthAt(position, b, pos + 1, end);
    if (n >= 0) {
      nameFrom = pos + 1;
      nameTo = nameFrom + n;
      plainName = false; // not known here, and not needed: the name is not matched against the envelope's
      pos = nameTo + 1;
      colon();
      return names.at(position);
    }
    readName();
    String cached = names.get(b, nameFrom, nameTo, position);
    if (cached != null) {
      return cached;
    }
    String name = name();
    names.put(b, nameFrom, nameTo, position, name);
    return name;
  }

  private void colon() {
    if (skipWhiteSpace() != ':') {
      throw Fallback.INSTANCE;
    }
    pos++;
  }

  /** Whether the last name is {@code name}, an ASCII name written without escapes. */
  boolean nameIs(byte[] name) {
    int n = name.length;
    return plainName && nameTo - nameFrom == n && b[nameFrom] == name[0] && b[nameTo - 1] == name[n - 1]
        && Arrays.equals(b, nameFrom, nameTo, name, 0, n);
  }

  boolean plainName() {
    return plainName;
  }

  /** The last name, decoded. */
  String name() {
    return plainName ? ascii(nameFrom, nameTo) : text.decode(b, nameFrom, nameTo);
  }

  /**
   * Reads the next value and tells its kind: of an object or an array only the opening bracket is read (then
   * {@link #nextName} or {@link #nextElement}, or {@link #skip}).
   */
  Token value() {
    byte c = skipWhiteSpace();
    return switch (c) {
      case '"' -> {
        plain = scanString();
        yield Token.STRING;
      }
      case '{' -> {
        pos++;
        yield Token.OBJECT;
      }
      case '[' -> {
        pos++;
        yield Token.ARRAY;
      }
      case 't' -> literal(TRUE, Token.TRUE);
      case 'f' -> literal(FALSE, Token.FALSE);
      case 'n' -> literal(NULL, Token.NULL);
      case 'N' -> nonFinite(NAN, pos, Double.NaN);
      case 'I' -> nonFinite(INFINITY, pos, Double.POSITIVE_INFINITY);
      default -> number();
    };
  }

  /**
   * Reads the next element of the array being read; false at its end (']' read). {@code first} after the
   * array's '[', else after one of its elements.
   */
  boolean nextElement(boolean first) {
    byte c = skipWhiteSpace();
    if (c == ']') {
      pos++;
      return false;
    }
    if (!first) {
      if (c != ',') {
        throw Fallback.INSTANCE;
      }
      pos++;
    }
    return true;
  }

  /** The last string value, decoded. */
  String string() {
    return plain ? ascii(from, to) : text.decode(b, from, to);
  }

  /**
   * The last string value, the {@code position}-th of its object, decoded; one String per distinct value from
   * {@code values}.
   */
  String string(NameCache values, int position) {
    String cached = values.get(b, from, to, position);
    if (cached != null) {
      return cached;
    }
    String value = string();
    values.put(b, from, to, position, value);
    return value;
  }

  /** The text of the last number or literal, as Jackson's {@code getText()} gives it. */
  String tokenText() {
    return ascii(from, to);
  }

  long longValue() {
    return longValue;
  }

  double doubleValue() {
    return doubleValue;
  }

  /** Reads the rest of a value whose kind {@link #value()} told, checking it as Jackson would while skipping it. */
  void skip(Token t) {
    skip(t, 0);
  }

  private void skip(Token t, int depth) {
    if (depth > MAX_DEPTH) {
      throw Fallback.INSTANCE;
    }
    switch (t) {
      case OBJECT -> {
        for (boolean more = nextName(true); more; more = nextName(false)) {
          checkName();
          skip(value(), depth + 1);
        }
      }
      case ARRAY -> {
        for (boolean more = nextElement(true); more; more = nextElement(false)) {
          skip(value(), depth + 1);
        }
      }
      case STRING -> {
        if (!plain) {
          text.decode(b, from, to);
        }
      }
      default -> {
        // a number or a literal: read whole already
      }
    }
  }

  /** Checks a name that is not kept: its UTF-8 and escapes. */
  private void checkName() {
    if (!plainName) {
      text.decode(b, nameFrom, nameTo);
    }
  }

  /**
   * Finds the end of the string whose opening quote is at {@link #pos}; its content is then {@link #from} to
   * {@link #to}, and {@link #pos} is past the closing quote. True if the content is printable ASCII without escapes,
   * so that it needs no decoding; else {@link Utf8Text} checks and decodes it.
   */
  private boolean scanString() {
    int i = pos + 1;
    // eight bytes at a time up to the first that is a quote, a backslash, a control character or not ASCII
    while (i + Long.BYTES <= end) {
      long special = special((long) LONGS.get(b, i));
      if (special != 0) {
        i += Long.numberOfTrailingZeros(special) >>> 3;
        break;
      }
      i += Long.BYTES;
    }
    boolean ascii = true;
    while (true) {
      if (i >= end) {
        throw Fallback.INSTANCE;
      }
      byte c = b[i];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        ascii = false;
        i += 2; // the escaped character, if a quote, does not end the string; Utf8Text checks the escape
        continue;
      }
      if (c < 0x20) {
        if (c >= 0) {
          throw Fallback.INSTANCE; // an unescaped control character, an error to Jackson
        }
        ascii = false;
      }
      i++;
    }
    from = pos + 1;
    to = i;
    pos = i + 1;
    return ascii;
  }

  /**
   * The high bit of each byte of {@code w} that is a quote, a backslash, below 0x20 or past ASCII (the lowest is
   * exact; bits above it may be set by its borrow): the zero-byte test of "Bit Twiddling Hacks", three times.
   */
  private static long special(long w) {
    long quote = w ^ 0x2222222222222222L;
    long backslash = w ^ 0x5C5C5C5C5C5C5C5CL;
    return ((quote - ONES) & ~quote | (backslash - ONES) & ~backslash | (w - 0x2020202020202020L) & ~w | w) & HIGH_BITS;
  }

  private Token literal(byte[] word, Token t) {
    expectWord(word, pos);
    from = pos;
    to = pos + word.length;
    pos = to;
    checkDelimiter();
    return t;
  }

  private Token nonFinite(byte[] word, int start, double v) {
    expectWord(word, pos);
    from = start;
    to = pos + word.length;
    pos = to;
    checkDelimiter();
    doubleValue = v;
    return Token.FLOAT;
  }

  private void expectWord(byte[] word, int at) {
    if (at + word.length > end || !Arrays.equals(b, at, at + word.length, word, 0, word.length)) {
      throw Fallback.INSTANCE;
    }
  }

  /** A number, or -Infinity. */
  private Token number() {
    int start = pos;
    if (b[pos] == '-' && pos + 1 < end && b[pos + 1] == 'I') {
      pos++;
      return nonFinite(INFINITY, start, Double.NEGATIVE_INFINITY);
    }
    boolean integer = number.read(b, start, end);
    from = start;
    to = number.end();
    pos = to;
    checkDelimiter();
    if (integer) {
      longValue = number.longValue();
      return Token.INT;
    }
    doubleValue = number.doubleValue();
    return Token.FLOAT;
  }

  /** A number or a literal ends at white space, ',', '}' or ']' (or the end, which its enclosing object fails). */
  private void checkDelimiter() {
    if (pos < end) {
      byte c = b[pos];
      if (!isWhiteSpace(c) && c != ',' && c != '}' && c != ']') {
        throw Fallback.INSTANCE;
      }
    }
  }

  /** Skips white space; the byte after it, not consumed. */
  private byte skipWhiteSpace() {
    while (pos < end) {
      byte c = b[pos];
      if (!isWhiteSpace(c)) {
        return c;
      }
      pos++;
    }
    throw Fallback.INSTANCE;
  }

  private static boolean isWhiteSpace(byte c) {
    return c <= ' ' && (c == ' ' || c == '\n' || c == '\r' || c == '\t'); // most bytes fail the first test
  }

  private String ascii(int start, int stop) {
    return new String(b, start, stop - start, StandardCharsets.ISO_8859_1);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
