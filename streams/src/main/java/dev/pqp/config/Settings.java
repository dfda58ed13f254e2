package dev.pqp.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Typed reads of a flat {@code key -> value} map, each failing with a message that names the key. */
final class Settings {
  private final Map<String, String> values;

  Settings(Map<String, String> values) {
    this.values = values;
  }

  String string(String key, String fallback) {
    String v = values.get(key);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  int intIn(String key, int fallback, int min, int max) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min || n > max) {
        throw ConfigException.invalid(key, v, "expected a whole number from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, v, "expected a whole number from " + min + " to " + max);
    }
  }

  double doubleIn(String key, double fallback, double min, double max) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      double d = Double.parseDouble(v.trim());
      if (!(d >= min && d <= max)) {
        throw ConfigException.invalid(key, v, "expected a number from " + min + " to " + max);
      }
      return d;
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(key, v, "expected a number from " + min + " to " + max);
    }
  }

  boolean bool(String key, boolean fallback) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw ConfigException.invalid(key, v, "expected true or false");
    };
  }

  Duration duration(String key, Duration fallback, Duration min) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    Duration d = DurationFormat.parse(key, v);
    if (d.compareTo(min) < 0) {
      throw ConfigException.invalid(key, v, "expected at least " + min.toMillis() + " ms");
    }
    return d;
  }

  <E extends Enum<E>> E oneOf(String key, E fallback, Class<E> type) {
    String v = values.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    String wanted = v.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder("expected one of");
    for (E e : type.getEnumConstants()) {
      allowed.append(' ').append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw ConfigException.invalid(key, v, allowed.toString());
  }
}
