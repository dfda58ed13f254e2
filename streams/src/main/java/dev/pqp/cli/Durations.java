package dev.pqp.cli;

import dev.pqp.config.ConfigException;
import dev.pqp.config.DurationFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Parses flag values with messages that name the flag. */
final class Durations {
  private Durations() {}

  static Duration parse(String flag, String value) {
    return DurationFormat.parse(flag, value);
  }

  static long instant(String flag, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(value.trim()).toEpochMilli();
      } catch (DateTimeParseException e2) {
        throw new ConfigException(flag + " '" + value + "' is not a time: use epoch millis or ISO-8601 like 2026-01-31T12:00:00Z");
      }
    }
  }
}
