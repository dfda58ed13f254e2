package dev.pqp.reference;

import java.util.Set;

/**
 * What the user said about columns: which to leave out of the reference ({@code --exclude}, e.g.
 * {@code prediction_id}, {@code label}) and which to profile as categories whatever they look like
 * ({@code --categorical}, e.g. zip codes).
 */
public record Columns(Set<String> excluded, Set<String> categorical) {
  public static final Columns ALL = new Columns(Set.of(), Set.of());

  public Columns {
    excluded = Set.copyOf(excluded);
    categorical = Set.copyOf(categorical);
  }

  public boolean keep(String name) {
    return !excluded.contains(name);
  }

  public boolean forcedCategorical(String name) {
    return categorical.contains(name);
  }

  /** The value to profile: as read, or its text for a column forced categorical ({@code 2.0} stays "2.0"). */
  public Object coerce(String name, Object value) {
    if (value == null || value instanceof String || !categorical.contains(name)) {
      return value;
    }
    return value.toString();
  }
}
