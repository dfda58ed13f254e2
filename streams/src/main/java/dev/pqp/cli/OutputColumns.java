package dev.pqp.cli;

import dev.pqp.event.Output;
import java.util.Map;

/** Takes a training row's score and label columns out of its features, as the model's output for that row. */
final class OutputColumns {
  private OutputColumns() {}

  /**
   * Removes {@code scoreColumn} and {@code labelColumn} (either may be null) from {@code row} and returns
   * them as an output, or null when the row has neither. A score that is not a number counts as no score.
   */
  static Output take(Map<String, Object> row, String scoreColumn, String labelColumn) {
    Object score = scoreColumn == null ? null : row.remove(scoreColumn);
    Object label = labelColumn == null ? null : row.remove(labelColumn);
    Double s = null;
    if (score instanceof Number n) {
      s = n.doubleValue();
    } else if (score instanceof String text) {
      try {
        s = Double.parseDouble(text.trim());
      } catch (NumberFormatException e) {
        s = null;
      }
    }
    String l = label == null ? null : label.toString();
    return s == null && l == null ? null : new Output(s, l, null, null);
  }
}
