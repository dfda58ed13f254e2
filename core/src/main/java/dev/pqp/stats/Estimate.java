package dev.pqp.stats;

/**
 * A statistic computed from sketches, with the bound on its distance from the same statistic
 * computed on the raw values the sketches summarise.
 *
 * @param value the statistic as computed on the sketches
 * @param errorBound {@code |value - exact| <= errorBound} whenever both sketches are within their
 *     normalized rank error (KLL: 99% confidence each); 0 when the sketches are exact
 */
public record Estimate(double value, double errorBound) {

  public Estimate {
    if (Double.isNaN(value) || !(errorBound >= 0)) {
      throw new IllegalArgumentException("value " + value + ", errorBound " + errorBound);
    }
  }
}
