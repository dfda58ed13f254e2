package dev.pqp.window;

import dev.pqp.profile.ByteStrings;
import dev.pqp.profile.PredictionMix;
import dev.pqp.profile.RequestStats;
import dev.pqp.profile.ServingHealth;
import java.nio.ByteBuffer;
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
  private static final byte FORMAT = 1;
  private static final int LATENCY_BUCKETS = RequestStats.LATENCY_BOUNDS_SECONDS.length + 1;

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

  public byte[] encode() {
    int size = 1 + 8 * scoreBuckets.length + 8 + 4;
    for (Map.Entry<String, Route> e : routes.entrySet()) {
      size += ByteStrings.size(e.getKey()) + 4 + 8 * LATENCY_BUCKETS + 8;
      for (String s : e.getValue().statuses.keySet()) {
        size += ByteStrings.size(s) + 8;
      }
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(FORMAT);
    for (long n : scoreBuckets) {
      b.putLong(n);
    }
    b.putDouble(scoreSum).putInt(routes.size());
    routes.forEach((name, r) -> {
      ByteStrings.put(b, name).putInt(r.statuses.size());
      r.statuses.forEach((s, n) -> ByteStrings.put(b, s).putLong(n));
      for (long n : r.latencyBuckets) {
        b.putLong(n);
      }
      b.putDouble(r.latencySum);
    });
    return b.array();
  }

  public static VersionTotals decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte format = b.get();
    if (format != FORMAT) {
      throw new IllegalStateException("version totals format " + format + " is not supported");
    }
    VersionTotals t = new VersionTotals();
    for (int i = 0; i < t.scoreBuckets.length; i++) {
      t.scoreBuckets[i] = b.getLong();
    }
    t.scoreSum = b.getDouble();
    int routes = b.getInt();
    for (int i = 0; i < routes; i++) {
      Route r = new Route();
      t.routes.put(ByteStrings.get(b), r);
      int statuses = b.getInt();
      for (int j = 0; j < statuses; j++) {
        r.statuses.put(ByteStrings.get(b), b.getLong());
      }
      for (int j = 0; j < LATENCY_BUCKETS; j++) {
        r.latencyBuckets[j] = b.getLong();
      }
      r.latencySum = b.getDouble();
    }
    return t;
  }
}
