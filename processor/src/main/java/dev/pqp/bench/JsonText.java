package dev.pqp.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a JSON object given as a map (values: strings, whole numbers, floats, booleans, null, maps) in an
 * {@link EventShape}, keys in the map's order. Strings are escaped as {@code json.dumps} does with
 * {@code ensure_ascii}: {@code \"}, {@code \\}, the short escapes {@code \n \r \t \b \f}, and every other
 * character outside {@code ' '..'~'} as {@code \u00e9} (lowercase hex); for the bench's ASCII strings that is
 * also what Jackson writes. One instance per thread: it reuses its buffer.
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private final EventShape shape;
  private final StringBuilder out = new StringBuilder(1024);

  JsonText(EventShape shape) {
    this.shape = shape;
  }

  /** The object's JSON, ASCII bytes. */
  byte[] write(Map<String, ?> object) {
    out.setLength(0);
    object(object);
    return out.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private void object(Map<?, ?> object) {
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : object.entrySet()) {
      if (!first) {
        out.append(shape.itemSeparator);
      }
      first = false;
      string((String) e.getKey());
      out.append(shape.keySeparator);
      value(e.getValue());
    }
    out.append('}');
  }

  private void value(Object v) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Double d) {
      shape.appendFloat(out, d);
    } else if (v instanceof Long || v instanceof Integer) {
      out.append(((Number) v).longValue());
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (v instanceof Map<?, ?> m) {
      object(m);
    } else {
      throw new IllegalArgumentException("no JSON for a " + v.getClass().getName());
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c >= ' ' && c <= '~') {
            out.append(c);
          } else {
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF])
                .append(HEX[c & 0xF]);
          }
        }
      }
    }
    out.append('"');
  }
}
