package dev.pqp.event;

/**
 * Receives the entries of a {@link FeatureValues}, one call per feature, the value unboxed: what a profile or a
 * validator needs from an event's features without a {@link java.util.Map.Entry} or a boxed value per feature.
 */
public interface FeatureVisitor {
  /** A number; an integer arrives here too, as {@code (double)} of it, unless {@link #integer} is overridden. */
  void numeric(String name, double value);

  /** An integer (a {@link Long} of the map view), exactly; by default the double it converts to. */
  default void integer(String name, long value) {
    numeric(name, (double) value);
  }

  /** A string: a category. */
  void category(String name, String value);

  /** A boolean. */
  void bool(String name, boolean value);

  /** A feature present with a null value. */
  void missing(String name);
}
