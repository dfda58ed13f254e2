package dev.pqp.drift;

import java.util.Arrays;

/**
 * What a drift statistic reads when a window of {@code n} values is drawn from the reference itself: its draws,
 * kept as a summary (the top tenth exactly, the rest at 5 % steps), and read at any window size {@code m} by the
 * statistic's sampling scale, {@code (n / m)^exponent}: 1 for PSI (a divergence, about chi-square / m), 1/2 for
 * distances (KS, Wasserstein, L-infinity, the Jensen-Shannon distance). Past its fifth largest draw the tail is
 * taken as exponential with the mean excess of the top tenth, so that a clear drift gets a small p-value rather
 * than the floor {@code 1 / (draws + 1)}, which Benjamini-Hochberg over many features could never reject.
 */
public final class NullDistribution {
  /** Draws past the fifth largest are extrapolated. */
  private static final int EXACT_TAIL = 5;
  private static final int BODY_LEVELS = 18;

  private final int draws;
  private final long n;
  private final double exponent;
  /** The draws at levels 0.05, 0.10, ..., 0.90. */
  private final double[] body;
  /** The top tenth of the draws, ascending. */
  private final double[] tail;
  /** Mean excess of the top tenth over its smallest value: the scale of the exponential tail. */
  private final double tailScale;

  private NullDistribution(int draws, long n, double exponent, double[] body, double[] tail, double tailScale) {
    this.draws = draws;
    this.n = n;
    this.exponent = exponent;
    this.body = body;
    this.tail = tail;
    this.tailScale = tailScale;
  }

  /** The distribution of {@code values} (at least 100 draws), drawn at window size {@code n}. */
  public static NullDistribution of(double[] values, long n, double exponent) {
    if (values.length < 100) {
      throw new IllegalArgumentException("at least 100 draws are needed, got " + values.length);
    }
    double[] x = values.clone();
    Arrays.sort(x);
    int m = x.length;
    double[] body = new double[BODY_LEVELS];
    for (int j = 0; j < BODY_LEVELS; j++) {
      body[j] = x[(int) Math.ceil((j + 1) * m / 20.0) - 1];
    }
    double[] tail = Arrays.copyOfRange(x, m - m / 10, m);
    double excess = 0;
    for (double v : tail) {
      excess += v - tail[0];
    }
    return new NullDistribution(m, n, exponent, body, tail, Math.max(excess / tail.length, Double.MIN_NORMAL));
  }

  /** The window size the draws were made at. */
  public long drawnAt() {
    return n;
  }

  /**
   * The smallest score at window size {@code m} whose p-value is at most {@code alpha}: the 1 - alpha quantile of
   * the statistic under no drift.
   */
  public double quantile(double alpha, long m) {
    // p = (1 + draws at or above s) / (draws + 1) <= alpha  <=>  at most c draws at or above s: s at least the
    // c-th largest draw
    int c = (int) Math.floor(alpha * (draws + 1) - 1 + 1e-9);
    double q;
    if (c >= EXACT_TAIL && c <= tail.length) {
      q = tail[tail.length - c];
    } else if (c < EXACT_TAIL) {
      q = tail[tail.length - EXACT_TAIL] + tailScale * Math.log((EXACT_TAIL + 1.0) / ((draws + 1.0) * alpha));
    } else {
      q = bodyValue(1 - alpha);
    }
    return q * Math.pow((double) n / Math.max(1, m), exponent);
  }

  /** The estimated probability that a window of {@code m} values drawn from the reference scores at least {@code score}. */
  public double pValue(double score, long m) {
    if (!Double.isFinite(score)) {
      return 1.0; // no statistic: never evidence of drift
    }
    double s = score * Math.pow(Math.max(1, m) / (double) n, exponent);
    if (s >= tail[0]) {
      int above = tail.length - lowerBound(tail, s);
      if (above >= EXACT_TAIL) {
        return (above + 1.0) / (draws + 1.0);
      }
      double from = tail[tail.length - EXACT_TAIL];
      return Math.min((EXACT_TAIL + 1.0) / (draws + 1.0), (EXACT_TAIL + 1.0) / (draws + 1.0)
          * Math.exp(-Math.max(0, s - from) / tailScale));
    }
    return 1 - bodyLevel(s);
  }

  /** The level (0 to 0.9) at which the body reaches {@code s}, linear between its points and from 0 at 0. */
  private double bodyLevel(double s) {
    double lowValue = 0;
    double lowLevel = 0;
    for (int j = 0; j <= BODY_LEVELS; j++) {
      double value = j < BODY_LEVELS ? body[j] : tail[0];
      double level = j < BODY_LEVELS ? 0.05 * (j + 1) : 0.9;
      if (s < value) {
        return value > lowValue ? lowLevel + (level - lowLevel) * (s - lowValue) / (value - lowValue) : lowLevel;
      }
      lowValue = value;
      lowLevel = level;
    }
    return 0.9;
  }

  /** The body's value at {@code level} (at most 0.9), linear between its points. */
  private double bodyValue(double level) {
    int j = (int) Math.floor(level / 0.05) - 1;
    if (j < 0) {
      return body[0] * level / 0.05;
    }
    if (j >= BODY_LEVELS - 1) {
      return body[BODY_LEVELS - 1];
    }
    return body[j] + (body[j + 1] - body[j]) * (level - 0.05 * (j + 1)) / 0.05;
  }

  /** The first index whose value is at least {@code s}. */
  private static int lowerBound(double[] sorted, double s) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < s) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
