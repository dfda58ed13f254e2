package dev.pqp.export;

import dev.pqp.profile.PredictionMix;
import dev.pqp.profile.RequestStats;
import dev.pqp.window.VersionTotals;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The counters and histograms of finalized windows, exposed from each owned version's running totals
 * ({@link VersionTotals}, kept in stage 2's logged state) rather than incremented per event:
 * {@code ml_inference_requests_total{model_name, model_version, route, status}},
 * {@code ml_inference_latency_seconds{model_name, model_version, route}} and
 * {@code ml_prediction_score{model_name, model_version}}, both real Prometheus histograms with exact
 * bucket counts, {@code _count} and {@code _sum}. Micrometer has no meter whose buckets can be set, so
 * this is a collector of the Prometheus registry behind Micrometer's.
 */
final class TotalsCollector implements MultiCollector {
  static final String REQUESTS = "ml_inference_requests";
  static final String LATENCY = "ml_inference_latency_seconds";
  static final String SCORE = "ml_prediction_score";
  private static final double[] SCORE_BOUNDS = withInf(PredictionMix.LE_BOUNDS);
  private static final double[] LATENCY_BOUNDS = withInf(RequestStats.LATENCY_BOUNDS_SECONDS);

  private record Owned(String model, String version, VersionTotals totals) {}

  private final Map<String, Owned> versions = new ConcurrentHashMap<>();

  /** Publishes a snapshot of the version's totals; {@code totals} must not change afterwards. */
  void set(String group, String model, String version, VersionTotals totals) {
    versions.put(group, new Owned(model, version, totals));
  }

  void remove(String group) {
    versions.remove(group);
  }

  @Override
  public MetricSnapshots collect() {
    var requests = CounterSnapshot.builder().name(REQUESTS)
        .help("Inference requests by route and status, from the prediction events of finalized windows");
    var latency = HistogramSnapshot.builder().name(LATENCY).unit(null)
        .help("Inference latency by route, from the prediction events of finalized windows");
    var score = HistogramSnapshot.builder().name(SCORE)
        .help("Binary prediction scores of finalized windows, buckets 0.1 wide");
    for (Owned o : versions.values()) {
      Labels version = Labels.of("model_name", o.model(), "model_version", o.version());
      o.totals().routes().forEach((route, r) -> {
        r.statuses().forEach((status, n) -> requests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
            .labels(version.add("route", route).add("status", status)).value(n).build()));
        latency.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
            .labels(version.add("route", route))
            .classicHistogramBuckets(ClassicHistogramBuckets.of(LATENCY_BOUNDS, r.latencyBuckets()))
            .sum(r.latencySumSeconds()).build());
      });
      long[] scores = o.totals().scoreBuckets();
      long[] withInf = java.util.Arrays.copyOf(scores, scores.length + 1); // no valid score is above 1.0
      score.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
          .labels(version)
          .classicHistogramBuckets(ClassicHistogramBuckets.of(SCORE_BOUNDS, withInf))
          .sum(o.totals().scoreSum()).build());
    }
    return new MetricSnapshots(requests.build(), latency.build(), score.build());
  }


  private static double[] withInf(double[] bounds) {
    double[] b = java.util.Arrays.copyOf(bounds, bounds.length + 1);
    b[bounds.length] = Double.POSITIVE_INFINITY;
    return b;
  }
}
