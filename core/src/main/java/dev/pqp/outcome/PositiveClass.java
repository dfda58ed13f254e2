package dev.pqp.outcome;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The true labels counted as the positive class of a binary model, compared case-insensitively.
 *
 * @param labels the positive labels, lower-cased ({@link Locale#ROOT}), sorted, not empty
 */
public record PositiveClass(Set<String> labels) {

  /** {@code "1"} and {@code "true"}: what the ground-truth topic carries by default. */
  public static final PositiveClass DEFAULT = of("1", "true");

  public PositiveClass {
    if (labels == null || labels.isEmpty()) {
      throw new IllegalArgumentException("at least one positive label is needed");
    }
    TreeSet<String> lower = new TreeSet<>();
    for (String label : labels) {
      lower.add(label.toLowerCase(Locale.ROOT));
    }
    labels = Set.copyOf(lower);
  }

  public static PositiveClass of(String... labels) {
    return new PositiveClass(Set.of(labels));
  }

  /** Whether a true label is positive. */
  public boolean isPositive(String trueLabel) {
    return labels.contains(trueLabel.toLowerCase(Locale.ROOT));
  }

  /** The labels in a stable order, for encoding. */
  Iterable<String> sorted() {
    return new TreeSet<>(labels);
  }
}
