package dev.pqp.window;

/**
 * How far the prediction mix of a window moved from a baseline.
 *
 * @param baseline {@code reference}, {@code 24h} (the same window a day earlier) or {@code version:V}
 *     (the same window of another version of the model)
 * @param target {@code score} (binary scores) or {@code class} (predicted-class mix)
 * @param method {@code psi} or {@code ks}
 * @param errorBound bound on the distance from the exact statistic; 0 for exact counts
 * @param threshold the threshold the value was held to at the windows' sizes: the method's (PSI 0.2 or KS 0.1), or
 *     its noise at drift.false-alarm-rate if higher; against {@code 24h} and {@code version:V}, whose windows are
 *     both samples, the noise of two windows of their sizes; null without values on a side
 * @param pValue the estimated probability of a value this high when nothing changed: a window of the same size drawn
 *     from the reference's mix, or two windows of these sizes drawn from one mix; null with
 *     {@code drift.false-alarm-rate} 0
 */
public record PredictionDrift(String baseline, String target, String method, double value, double errorBound,
    Double threshold, Double pValue) {
  public PredictionDrift(String baseline, String target, String method, double value, double errorBound) {
    this(baseline, target, method, value, errorBound, null, null);
  }

  /** Whether the value reached its threshold; false without one. */
  public boolean drifted() {
    return threshold != null && value >= threshold;
  }

  public static final String REFERENCE = "reference";
  public static final String DAY_BEFORE = "24h";

  public static String version(String version) {
    return "version:" + version;
  }
}
