package dev.pqp.outcome;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Multiclass confusion counts per (true, predicted) class. At most {@code cap} distinct classes are
 * kept by name, the first seen; later ones are pooled as {@link #OTHER}, so memory is bounded by
 * {@code cap^2} cells whatever the label cardinality. Correct predictions are counted on the raw
 * labels, so accuracy stays exact past the cap; per-class figures cover the named classes.
 */
final class ClassConfusion {
  static final String OTHER = "__other__";

  final int cap;
  final Set<String> classes = new LinkedHashSet<>();
  final Map<Cell, Long> cells = new HashMap<>();
  long correct;

  /** One cell of the confusion matrix. */
  record Cell(String truth, String predicted) {}

  ClassConfusion(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("class cap " + cap + " must be positive");
    }
    this.cap = cap;
  }

  void add(String truth, String predicted) {
    add(new Cell(name(truth), name(predicted)), truth.equals(predicted) ? 1 : 0, 1);
  }

  void merge(ClassConfusion other) {
    correct += other.correct;
    other.cells.forEach((cell, n) -> add(new Cell(name(cell.truth()), name(cell.predicted())), 0, n));
  }

  void add(Cell cell, long correctDelta, long n) {
    correct += correctDelta;
    cells.merge(cell, n, Long::sum);
  }

  private String name(String label) {
    if (classes.contains(label)) {
      return label;
    }
    if (!OTHER.equals(label) && classes.size() < cap) {
      classes.add(label);
      return label;
    }
    return OTHER;
  }

  long count() {
    long n = 0;
    for (long c : cells.values()) {
      n += c;
    }
    return n;
  }
}
