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

  /** Column names that are a model's output or a true label, not an input feature, by their usual names. */
  private static final java.util.regex.Pattern OUTPUT = java.util.regex.Pattern.compile(
      "(?i)(score|scores|proba|probability|prob|pred|prediction|predicted|predicted_class|y_pred|y_score)");
  private static final java.util.regex.Pattern TRUTH = java.util.regex.Pattern.compile(
      "(?i)(label|labels|target|y|y_true|truth|ground_truth|outcome|class)");

  /**
   * A warning for each column about to be profiled as a feature whose name says it is a model output (use
   * --score-column or --predicted-class-column) or a true label (use --exclude): profiled as a feature, its drift
   * would be reported as the data's.
   */
  static java.util.List<String> suspects(java.util.Collection<String> features) {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (String name : new java.util.TreeSet<>(features)) {
      if (OUTPUT.matcher(name).matches()) {
        out.add("column '" + name + "' looks like the model's output but is profiled as a feature: give it with"
            + " --score-column (a score in [0, 1]) or --predicted-class-column (the class predicted), or --exclude it");
      } else if (TRUTH.matcher(name).matches()) {
        out.add("column '" + name + "' looks like the true label but is profiled as a feature: --exclude it (the"
            + " ground truth is joined from the ground-truth topic, not profiled)");
      }
    }
    return out;
  }
}
