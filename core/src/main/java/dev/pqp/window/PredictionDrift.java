package dev.pqp.window;

/**
 * How far the prediction mix of a window moved from a baseline.
 *
 * @param baseline {@code reference}, {@code 24h} (the same window a day earlier) or {@code version:V}
 *     (the same window of another version of the model)
 * @param target {@code score} (binary scores) or {@code class} (predicted-class mix)
 * @param method {@code psi} or {@code ks}
 * @param errorBound bound on the distance from the exact statistic; 0 for exact counts
 */
public record PredictionDrift(String baseline, String target, String method, double value, double errorBound) {
  public static final String REFERENCE = "reference";
  public static final String DAY_BEFORE = "24h";

  public static String version(String version) {
    return "version:" + version;
  }
}
