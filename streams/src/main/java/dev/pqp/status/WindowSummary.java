package dev.pqp.status;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.window.HealthSummary;
import dev.pqp.window.MixSummary;
import dev.pqp.window.WindowOutcome;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the status page shows of one finalized window of a model version: per feature its drift score,
 * verdict and missing ratio; the dataset drift; the prediction mix; serving health. Mapped once from the
 * {@link WindowOutcome} when the window is finalized, and kept (about 100 bytes per feature) for the last
 * {@code status.windows} windows of each version.
 *
 * @param referenceKind {@code training}, {@code auto} or {@code none}
 * @param events predictions and feature logs of the window
 * @param features by name
 */
public record WindowSummary(String model, String version, long windowStart, long windowEnd, String referenceKind,
    long events, double driftShare, boolean datasetDrift, List<Feature> features, Mix mix, Serving serving) {
  /** The largest classes kept of a window's class ratios. */
  static final int MAX_CLASSES = 10;

  public WindowSummary {
    features = List.copyOf(features);
  }

  /**
   * @param score the primary method's score, or null (no reference, too few values)
   * @param threshold the threshold the score was held to: the method's, or its noise at the window's size if higher
   * @param drifted the verdict after the false-discovery control across the window's features
   * @param missingRatio share of the window's events without the feature
   * @param pValue estimated probability of a score this high when nothing drifted; null without one (summaries kept
   *     before it was recorded read null)
   * @param mergedWindows windows the score was taken on: 1, or more for a feature with too few values in its window
   */
  public record Feature(String name, Double score, double threshold, boolean drifted, double missingRatio,
      Double pValue, int mergedWindows) {
    public Feature {
      mergedWindows = Math.max(1, mergedWindows); // a summary kept before it was recorded: its window alone
    }
  }

  /**
   * @param scoreP50 median binary score, interpolated within the ten score buckets; null without scores
   * @param positiveRate share of scores at or above 0.5; null without scores
   * @param classRatios the {@value #MAX_CLASSES} most frequent predicted classes' shares, in the order given
   *     (most frequent first from {@link #of}): kept, not {@code Map.copyOf}'d, whose order changes from one JVM
   *     to the next, so that a summary's stored bytes do not
   */
  public record Mix(Double scoreP50, Double positiveRate, Map<String, Double> classRatios) {
    public Mix {
      Map<String, Double> kept = new LinkedHashMap<>();
      classRatios.forEach((c, r) -> kept.put(Objects.requireNonNull(c, "class"), Objects.requireNonNull(r, "ratio")));
      classRatios = Collections.unmodifiableMap(kept);
    }
  }

  /**
   * @param errorRate share of requests with status {@code error}; null without requests
   * @param latencyP95Ms latency p95 in milliseconds; null without latencies
   */
  public record Serving(long requests, Double errorRate, Double latencyP95Ms) {}

  public static WindowSummary of(WindowOutcome o) {
    List<Feature> features = o.drift().features().stream()
        .sorted(Comparator.comparing(FeatureDriftResult::featureName))
        .map(f -> new Feature(f.featureName(), f.driftScore(),
            f.effectiveThreshold() == null ? f.threshold() : f.effectiveThreshold(), f.driftDetected(),
            f.missingRatio(), f.pValue(), f.mergedWindows()))
        .toList();
    var dataset = o.drift().datasetDrift();
    return new WindowSummary(o.modelName(), o.modelVersion(), o.windowStart(), o.windowEnd(), o.drift().referenceKind(),
        o.eventCount(), dataset.share(), dataset.drifted(), features, mix(o.mix()), serving(o.health()));
  }

  private static Mix mix(MixSummary m) {
    Map<String, Double> classes = new LinkedHashMap<>();
    m.classRatios().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(MAX_CLASSES)
        .forEach(e -> classes.put(e.getKey(), e.getValue()));
    return new Mix(median(m.scoreHistogram()), m.positiveRate(), classes);
  }

  private static Serving serving(HealthSummary h) {
    long requests = 0;
    for (long n : h.byStatus().values()) {
      requests += n;
    }
    Double errorRate = requests == 0 ? null : (double) h.byStatus().getOrDefault("error", 0L) / requests;
    return new Serving(requests, errorRate, h.latencyQuantilesMs().get(0.95));
  }

  /**
   * The median of scores counted in ten equal buckets over [0, 1], linear within its bucket (as Prometheus'
   * {@code histogram_quantile}); null without scores.
   */
  static Double median(long[] buckets) {
    long total = 0;
    for (long n : buckets) {
      total += n;
    }
    if (total == 0) {
      return null;
    }
    double rank = total / 2.0;
    double width = 1.0 / buckets.length;
    long below = 0;
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] > 0 && below + buckets[i] >= rank) {
        return width * i + width * (rank - below) / buckets[i];
      }
      below += buckets[i];
    }
    return 1.0;
  }
}
