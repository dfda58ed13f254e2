package dev.pqp.window;

import dev.pqp.profile.PredictionMix;
import dev.pqp.profile.RequestStats;
import dev.pqp.profile.ServingHealth;
import java.util.Map;
import java.util.TreeMap;

/**
 * The running totals of a model version over every window finalized so far: requests by route and status,
 * latency buckets per route, score buckets. They are the values of pqp's counters and histograms
 * ({@code ml_inference_requests_total}, {@code ml_inference_latency_seconds},
 * {@code ml_prediction_score}), kept in stage 2's logged state so that the instance that owns the version
 * after a rebalance or a crash continues from the committed totals instead of from zero, and no event is
 * counted by two live instances. Routes beyond {@link ServingHealth#MAX_ROUTES} are pooled as
 * {@link ServingHealth#OTHER}.
 */
public final class VersionTotals {
  static final int LATENCY_BUCKETS = RequestStats.LATENCY_BOUNDS_SECONDS.length + 1;

  /** Per-bucket (not cumulative) score counts by {@link PredictionMix#LE_BOUNDS}. */
  final long[] scoreBuckets = new long[PredictionMix.LE_BOUNDS.length];
  double scoreSum;
  final Map<String, Route> routes = new TreeMap<>();

  /** One route's totals: requests by status, per-bucket latency counts and their sum in seconds. */
  public static final class Route {
    final Map<String, Long> statuses = new TreeMap<>();
    final long[] latencyBuckets = new long[LATENCY_BUCKETS];
    double latencySum;

    public Map<String, Long> statuses() {
      return java.util.Collections.unmodifiableMap(statuses);
    }

    public long[] latencyBuckets() {
      return latencyBuckets.clone();
    }

    public double latencySumSeconds() {
      return latencySum;
    }
  }

  /** Adds a finalized window. */
  public void add(WindowOutcome w) {
    long[] hist = w.mix().scoreLeBuckets();
    for (int i = 0; i < hist.length; i++) {
      scoreBuckets[i] += hist[i];
    }
    scoreSum += w.mix().scoreSum();
    w.health().byRoute().forEach((name, r) -> {
      String key = routes.containsKey(name) || routes.size() < ServingHealth.MAX_ROUTES - 1 ? name : ServingHealth.OTHER;
      Route t = routes.computeIfAbsent(key, k -> new Route());
      r.statuses().forEach((s, n) -> t.statuses.merge(s, n, Long::sum));
      long[] b = r.latencyBuckets();
      for (int i = 0; i < b.length; i++) {
        t.latencyBuckets[i] += b[i];
      }
      t.latencySum += r.latencySumSeconds();
    });
  }

  public long[] scoreBuckets() {
    return scoreBuckets.clone();
  }

  public double scoreSum() {
    return scoreSum;
  }

  public Map<String, Route> routes() {
    return java.util.Collections.unmodifiableMap(routes);
  }

  /** A deep copy: the totals as they are now, unaffected by later windows. */
  public VersionTotals copy() {
    VersionTotals t = new VersionTotals();
    System.arraycopy(scoreBuckets, 0, t.scoreBuckets, 0, scoreBuckets.length);
    t.scoreSum = scoreSum;
    routes.forEach((name, r) -> {
      Route c = new Route();
      c.statuses.putAll(r.statuses);
      System.arraycopy(r.latencyBuckets, 0, c.latencyBuckets, 0, r.latencyBuckets.length);
      c.latencySum = r.latencySum;
      t.routes.put(name, c);
    });
    return t;
  }
}
