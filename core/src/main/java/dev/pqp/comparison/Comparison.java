package dev.pqp.comparison;

/**
 * One metric of a challenger against its champion: the difference with its always-valid interval and the verdict
 * it supports.
 *
 * @param higherIsBetter true for accuracy, an outcome's rate or value; false for a loss or an error rate
 */
public record Comparison(String metric, boolean higherIsBetter, Moments champion, Moments challenger,
    ConfidenceSequence.Interval interval, Verdict verdict) {

  /** What the interval supports. */
  public enum Verdict {
    BETTER, WORSE, NO_DIFFERENCE_DETECTED_YET;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The comparison of {@code metric} at error {@code alpha} (the chance of ever declaring a false difference). */
  public static Comparison of(String metric, boolean higherIsBetter, Moments champion, Moments challenger,
      double alpha, long tunedFor) {
    ConfidenceSequence.Interval i = ConfidenceSequence.difference(champion, challenger, alpha, tunedFor);
    Verdict v = !i.excludesZero() ? Verdict.NO_DIFFERENCE_DETECTED_YET
        : (i.lower() > 0) == higherIsBetter ? Verdict.BETTER : Verdict.WORSE;
    return new Comparison(metric, higherIsBetter, champion, challenger, i, v);
  }
}
