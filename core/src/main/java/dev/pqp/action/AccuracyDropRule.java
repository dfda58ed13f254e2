package dev.pqp.action;

import java.util.Locale;

/**
 * Accuracy drop: a window's accuracy, once its labels are final, is at least {@code drop} below its version's baseline
 * accuracy (the realized accuracy of the version's first {@code baselineMs} of windows) in {@code windows}
 * consecutive windows; it clears once it has stayed within {@code drop} for as many. The realized rule
 * ({@code accuracy_drop}) reads windows with enough labels; the estimated one ({@code estimated_accuracy_drop})
 * reads the CBPE estimate of windows whose labels stayed too few (sampled out, lost, never sent), calibrated on the
 * baseline windows.
 *
 * @param drop {@code actions.accuracy-drop.threshold}, in (0, 1]
 * @param windows {@code actions.accuracy-drop.windows}, at least 1
 * @param baselineMs {@code actions.accuracy-drop.baseline}: the span of a version's first windows whose accuracy is
 *     its baseline
 * @param estimated true for the rule of estimated accuracies
 */
public record AccuracyDropRule(double drop, int windows, long baselineMs, boolean estimated) implements ActionRule {
  public static final String REALIZED = "accuracy_drop";
  public static final String ESTIMATED = "estimated_accuracy_drop";
  public static final AccuracyDropRule DEFAULT = new AccuracyDropRule(0.05, 3, 24 * 3_600_000L, false);

  public AccuracyDropRule {
    if (!(drop > 0 && drop <= 1)) {
      throw new IllegalArgumentException("the accuracy drop must be in (0, 1]: " + drop);
    }
    if (windows < 1) {
      throw new IllegalArgumentException("the windows must be at least 1: " + windows);
    }
    if (baselineMs <= 0) {
      throw new IllegalArgumentException("the baseline must be positive: " + baselineMs);
    }
  }

  /** The same thresholds for the other kind of accuracy. */
  public AccuracyDropRule ofEstimates(boolean estimates) {
    return new AccuracyDropRule(drop, windows, baselineMs, estimates);
  }

  @Override
  public String action() {
    return estimated ? ESTIMATED : REALIZED;
  }

  /**
   * Whether the window's accuracy lies {@code drop} or more below the baseline; null without an accuracy the rule
   * reads: the realized rule reads realized accuracies only, the estimated one both (a realized accuracy is what an
   * estimate stood in for).
   */
  @Override
  public Boolean holds(WindowEvidence w) {
    AccuracyEvidence a = w.accuracy();
    return a == null || (a.estimated() && !estimated) ? null : a.baseline() - a.accuracy() >= drop;
  }

  @Override
  public String condition() {
    return String.format(Locale.ROOT, "%s at least %s below the version's accuracy over its first %s in %d consecutive"
        + " windows %s", estimated ? "estimated (CBPE) accuracy" : "accuracy", plain(drop), span(baselineMs), windows,
        estimated ? "sealed without enough labels" : "whose labels are final");
  }

  private static String plain(double d) {
    return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  private static String span(long ms) {
    long s = ms / 1000;
    return ms % 3_600_000 == 0 ? s / 3600 + "h" : ms % 60_000 == 0 ? s / 60 + "m" : ms % 1000 == 0 ? s + "s" : ms + "ms";
  }
}
