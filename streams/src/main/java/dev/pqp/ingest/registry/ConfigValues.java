package dev.pqp.ingest.registry;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.types.Password;

/**
 * Reads settings out of a Kafka-style config map, where a value may arrive as a string (properties
 * files, environment), a typed value (code), a list or a Kafka {@link Password}.
 */
final class ConfigValues {
  private ConfigValues() {}

  /** The value as a trimmed string, or {@code null} when absent or blank. */
  static String string(Map<String, ?> configs, String key) {
    Object value = configs.get(key);
    if (value == null) {
      return null;
    }
    String text;
    if (value instanceof Password password) {
      text = password.value();
    } else if (value instanceof Collection<?> list) {
      text = list.stream().map(String::valueOf).collect(Collectors.joining(","));
    } else {
      text = String.valueOf(value);
    }
    text = text.trim();
    return text.isEmpty() ? null : text;
  }

  static boolean bool(Map<String, ?> configs, String key, boolean defaultValue) {
    String text = string(configs, key);
    if (text == null) {
      return defaultValue;
    }
    // Boolean.parseBoolean would quietly read a typo such as "ture" as false.
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(key, text, "true or false");
    };
  }

  static long positiveLong(Map<String, ?> configs, String key, long defaultValue) {
    String text = string(configs, key);
    if (text == null) {
      return defaultValue;
    }
    try {
      long value = Long.parseLong(text);
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below, with the allowed values
    }
    throw invalid(key, text, "a positive whole number");
  }

  static IllegalArgumentException invalid(String key, String value, String allowed) {
    return new IllegalArgumentException(
        "Invalid value '" + value + "' for setting " + key + "; allowed: " + allowed);
  }
}
