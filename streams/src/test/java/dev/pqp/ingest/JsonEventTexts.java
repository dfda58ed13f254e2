package dev.pqp.ingest;

import static dev.pqp.ingest.IngestFixtures.NOW;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * JSON event texts as producers write them, Python's {@code json.dumps} first ({@code ", "} and {@code ": "},
 * {@code repr} floats, {@code NaN} and {@code Infinity}, non-ASCII as {@code \\uXXXX}), and odder: raw UTF-8,
 * escapes of every kind in names and values (also in the envelope's names), numbers of every shape (17 digits,
 * exponents, -0.0, 1e308, 5e-324, integers past a long), values of the wrong type, unknown fields nested a few
 * levels, duplicated fields, and white space anywhere JSON allows it. Each text comes from a seed, so jqwik can
 * generate and report it; it says whether it stays within what the byte-level reader reads itself.
 */
final class JsonEventTexts {
  /** A text, the topic type it is decoded for, and whether it uses only what FastJsonEventReader reads itself. */
  record Text(EventType type, byte[] bytes, boolean fastSubset, long seed) {
    @Override
    public String toString() {
      return type + " seed " + seed + (fastSubset ? "" : " (beyond the fast subset)") + ": "
          + new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static final String[] NAMES = {"age", "income", "country", "is_new", "x", "credit_score", "score", "label",
    "model_name", "features", "\u00fcmlaut", "\u540d\u524d", "emoji\uD83D\uDE00", "tab\tname", "quote\"d", "back\\slash",
    "slash/name", "", "\u0000nul", "del\u007f", "\u2028line", "lone\uD800", "\uDC00rev", "\uFEFFbom"};
  private static final String[] ENVELOPE = {"prediction_id", "model_name", "model_version", "timestamp", "features",
    "prediction", "latency_ms", "status", "route", "attributes", "label", "value", "outcomes"};
  private static final String[] SPECIAL_NUMBERS = {"-0.0", "0.0", "-0", "0", "1e308", "1.7976931348623157e+308",
    "5e-324", "4.9e-324", "2.2250738585072014e-308", "1e400", "-1e400", "1e-400", "9007199254740993",
    "9007199254740993.0", "0.1", "1E+2", "1e-05", "123456789012345678", "-123456789012345678", "NaN", "Infinity",
    "-Infinity", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
    "1000000000000000000", "9999999999999999999", "-922337203685477580", "12345678901234567890",
    "0." + "0".repeat(70) + "1", "1" + "0".repeat(30) + ".5", "2.50e0", "1e0005"};

  private JsonEventTexts() {}

  static Arbitrary<Text> texts() {
    return Arbitraries.longs().map(JsonEventTexts::text);
  }

  static Text text(long seed) {
    Random r = new Random(seed);
    EventType type = EventType.values()[r.nextInt(3)];
    Writer w = new Writer(r);
    List<Runnable> fields = new ArrayList<>();
    for (String name : ENVELOPE) {
      if (r.nextInt(10) < presence(type, name, w.wild)) {
        fields.add(() -> field(w, name));
      }
    }
    for (int i = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0; i > 0; i--) {
      fields.add(() -> {
        w.name(r.nextInt(4) == 0 ? ENVELOPE[r.nextInt(ENVELOPE.length)] : w.anyName());
        w.anyValue(3);
      });
    }
    if (r.nextInt(3) > 0) {
      Collections.shuffle(fields, r);
    }
    w.ws(true);
    w.object(fields);
    w.ws(true);
    return new Text(type, w.out.toByteArray(), w.fastSubset, seed);
  }

  /** In tenths, how often a field is there: the fields of the type (nearly) always, the others now and then. */
  private static int presence(EventType type, String name, boolean wild) {
    boolean own = switch (type) {
      case PREDICTION -> !name.equals("label") && !name.equals("value");
      case FEATURES -> List.of("prediction_id", "model_name", "model_version", "timestamp", "features").contains(name);
      case GROUND_TRUTH -> List.of("prediction_id", "timestamp", "label", "value", "outcomes").contains(name);
    };
    return own ? (wild ? 9 : 10) : 1;
  }

  private static void field(Writer w, String name) {
    Random r = w.r;
    w.name(name); // escaped now and then by the writer, as any name
    if (w.wild && r.nextInt(12) == 0) {
      w.anyValue(2); // of any type: mostly the wrong one
      return;
    }
    switch (name) {
      case "timestamp" -> timestamp(w);
      case "features" -> w.object(entries(w, r.nextInt(26), () -> w.scalar()));
      case "prediction" -> prediction(w);
      case "attributes" -> w.object(entries(w, r.nextInt(4), () -> w.scalar()));
      case "outcomes" -> w.object(entries(w, r.nextInt(4), () -> w.number()));
      case "latency_ms", "value" -> w.number();
      default -> {
        if (r.nextInt(10) == 0) {
          w.scalar();
        } else {
          w.string(r.nextInt(4) == 0 ? w.anyName() : "m-" + r.nextInt(100));
        }
      }
    }
  }

  private static void timestamp(Writer w) {
    long ts = NOW - w.r.nextInt(3_600_000);
    switch (w.r.nextInt(8)) {
      case 0 -> w.raw(ts + "." + w.r.nextInt(1000));
      case 1 -> w.string(Instant.ofEpochMilli(ts).toString());
      case 2 -> w.raw("null");
      case 3 -> w.number();
      default -> w.raw(Long.toString(ts));
    }
  }

  private static void prediction(Writer w) {
    List<Runnable> fields = new ArrayList<>();
    Random r = w.r;
    if (r.nextInt(4) > 0) {
      fields.add(() -> {
        w.name("score");
        w.raw(r.nextInt(10) == 0 ? "null" : pythonRepr(r.nextDouble()));
      });
    }
    if (r.nextInt(2) == 0) {
      fields.add(() -> {
        w.name("label");
        w.scalar();
      });
    }
    if (r.nextInt(4) == 0) {
      fields.add(() -> {
        w.name("probabilities");
        w.object(entries(w, r.nextInt(4), () -> w.number()));
      });
    }
    if (r.nextInt(4) == 0) {
      fields.add(() -> {
        w.name(r.nextInt(2) == 0 ? "value" : w.anyName());
        w.anyValue(2);
      });
    }
    w.object(fields);
  }

  private static List<Runnable> entries(Writer w, int n, Runnable value) {
    List<Runnable> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(() -> {
        w.name(w.anyName());
        value.run();
      });
    }
    return out;
  }

  /** What Python's {@code repr(float)} writes: the shortest digits, plain from 1e-4 to 1e16, else 1.5e-05. */
  static String pythonRepr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    String sign = Double.doubleToRawLongBits(d) < 0 ? "-" : "";
    if (d == 0) {
      return sign + "0.0";
    }
    BigDecimal v = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = v.unscaledValue().toString();
    int exp = digits.length() - 1 - v.scale();
    if (exp >= -4 && exp < 16) {
      String plain = v.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
  }

  /** Writes one text: its style (separators, white space, escaping) drawn once per text. */
  private static final class Writer {
    final Random r;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final String colon;
    final String comma;
    /** In hundredths, how often random white space goes between tokens. */
    final int wsOdds;
    /** Python's default: everything past ASCII as \\uXXXX; else raw UTF-8, with escapes now and then. */
    final boolean asciiOnly;
    /** Half of the texts: fields missing or of the wrong type now and then. */
    final boolean wild;
    boolean fastSubset = true;

    Writer(Random r) {
      this.r = r;
      int style = r.nextInt(10);
      this.colon = style < 6 ? ": " : ":";
      this.comma = style < 6 ? ", " : ",";
      this.wsOdds = style == 9 ? 30 : 0;
      this.asciiOnly = r.nextBoolean();
      this.wild = r.nextBoolean();
    }

    void ws(boolean edge) {
      if (wsOdds > 0 && r.nextInt(100) < wsOdds || edge && r.nextInt(20) == 0) {
        for (int i = r.nextInt(3); i >= 0; i--) {
          raw(String.valueOf(" \t\n\r".charAt(r.nextInt(4))));
        }
      }
    }

    void object(List<Runnable> fields) {
      raw("{");
      for (int i = 0; i < fields.size(); i++) {
        ws(false);
        if (i > 0) {
          raw(comma);
          ws(false);
        }
        fields.get(i).run();
      }
      ws(false);
      raw("}");
    }

    void name(String name) {
      string(name);
      ws(false);
      raw(colon);
      ws(false);
    }

    String anyName() {
      return switch (r.nextInt(6)) {
        case 0 -> randomString();
        case 1, 2 -> NAMES[r.nextInt(NAMES.length)];
        default -> "f" + r.nextInt(40);
      };
    }

    String randomString() {
      StringBuilder s = new StringBuilder();
      for (int i = r.nextInt(12); i > 0; i--) {
        switch (r.nextInt(5)) {
          case 0 -> s.append((char) (0x20 + r.nextInt(0x5f)));
          case 1 -> s.append((char) r.nextInt(0x20));
          case 2 -> s.append((char) (0x80 + r.nextInt(0x780)));
          case 3 -> s.append((char) (0x800 + r.nextInt(0xF000)));
          default -> s.appendCodePoint(0x10000 + r.nextInt(0x100000));
        }
      }
      return s.toString();
    }

    /** A string value or name, escaped as the style says; a lone surrogate always as an escape. */
    void string(String s) {
      raw("\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          raw("\\" + c);
        } else if (c < 0x20 || (c > 0x7e && asciiOnly) || Character.isSurrogate(c) && !pairAt(s, i)
            || r.nextInt(40) == 0) {
          escape(c);
        } else if (c == '/' && r.nextBoolean()) {
          raw("\\/");
        } else if (Character.isHighSurrogate(c)) {
          out.writeBytes(s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8));
          i++;
        } else {
          out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        }
      }
      raw("\"");
    }

    private static boolean pairAt(String s, int i) {
      return Character.isHighSurrogate(s.charAt(i)) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }

    private void escape(char c) {
      String shortForm = switch (c) {
        case '\n' -> "\\n";
        case '\t' -> "\\t";
        case '\r' -> "\\r";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        default -> null;
      };
      if (shortForm != null && r.nextInt(4) > 0) {
        raw(shortForm);
      } else {
        String hex = String.format(Locale.ROOT, "\\u%04x", (int) c);
        raw(r.nextInt(4) == 0 ? hex.toUpperCase(Locale.ROOT).replace("\\U", "\\u") : hex);
      }
    }

    void scalar() {
      switch (r.nextInt(10)) {
        case 0 -> raw("null");
        case 1 -> raw(r.nextBoolean() ? "true" : "false");
        case 2, 3, 4 -> string(r.nextInt(3) == 0 ? randomString() : NAMES[r.nextInt(NAMES.length)]);
        default -> number();
      }
    }

    /** A number: mostly Python's repr of a double, now and then any other shape. */
    void number() {
      int kind = r.nextInt(40);
      String n = switch (kind) {
        case 0, 1, 2 -> SPECIAL_NUMBERS[r.nextInt(SPECIAL_NUMBERS.length)];
        case 3, 4, 5 -> Long.toString(r.nextLong());
        case 6, 7, 8, 9 -> Integer.toString(r.nextInt(2001) - 1000);
        case 10 -> new BigInteger(64 + r.nextInt(40), r).negate().toString();
        case 11, 12 -> String.format(Locale.ROOT, "%.17g", anyDouble());
        case 13, 14 -> Double.toString(anyDouble());
        case 15, 16 -> decimalDigits();
        case 17 -> pythonRepr(anyDouble()).toUpperCase(Locale.ROOT).replace("NAN", "NaN").replace("INFINITY", "Infinity");
        default -> pythonRepr(r.nextDouble() * Math.pow(10, r.nextInt(12) - 3) * (r.nextBoolean() ? 1 : -1));
      };
      raw(n);
    }

    double anyDouble() {
      double d;
      do {
        d = Double.longBitsToDouble(r.nextLong());
      } while (Double.isNaN(d));
      return d;
    }

    /** A decimal of up to 40 significant digits: a rounding test beyond what 17 digits reach. */
    String decimalDigits() {
      StringBuilder s = new StringBuilder(r.nextBoolean() ? "-" : "");
      s.append(1 + r.nextInt(9));
      for (int i = r.nextInt(40); i > 0; i--) {
        s.append(r.nextInt(10));
      }
      s.insert(s.length() - r.nextInt(s.length() - (s.charAt(0) == '-' ? 1 : 0)), '.');
      if (s.charAt(s.length() - 1) == '.') {
        s.append('0');
      }
      return r.nextBoolean() ? s + "e" + (r.nextInt(700) - 350) : s.toString();
    }

    /** Any value, objects and arrays nested at most {@code depth} more levels. */
    void anyValue(int depth) {
      int kind = r.nextInt(depth > 0 ? 8 : 6);
      if (kind == 6) {
        object(entriesOf(r.nextInt(4), depth - 1));
      } else if (kind == 7) {
        raw("[");
        for (int i = r.nextInt(4); i > 0; i--) {
          ws(false);
          anyValue(depth - 1);
          ws(false);
          raw(i > 1 ? comma : "");
        }
        raw("]");
      } else {
        scalar();
      }
    }

    private List<Runnable> entriesOf(int n, int depth) {
      List<Runnable> fields = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        fields.add(() -> {
          name(anyName());
          anyValue(depth);
        });
      }
      return fields;
    }

    void raw(String ascii) {
      if (ascii.length() > JsonNumber.MAX_CHARS || isBigInteger(ascii)) {
        fastSubset = false;
      }
      out.writeBytes(ascii.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isBigInteger(String s) {
      return s.matches("-?[0-9]+") && new BigInteger(s).bitLength() > 63;
    }
  }
}
