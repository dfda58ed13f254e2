package dev.pqp.profile;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Exact serving counts of one route within a window: requests by status, and latencies counted into the
 * fixed buckets of {@link #LATENCY_BOUNDS_SECONDS} with their exact sum. Fixed buckets (not a sketch) so
 * that the {@code ml_inference_latency_seconds} histogram that Prometheus sums across windows, routes and
 * instances is exact.
 */
public final class RequestStats {
  /** Upper bounds (inclusive, as Prometheus' {@code le}) of the latency buckets; one more bucket is +Inf. */
  public static final double[] LATENCY_BOUNDS_SECONDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 2, 5, 10};

  final HashMap<String, Long> statuses;
  final long[] latencyBuckets;
  double latencySumSeconds;

  RequestStats() {
    this(new HashMap<>(), new long[LATENCY_BOUNDS_SECONDS.length + 1], 0);
  }

  RequestStats(HashMap<String, Long> statuses, long[] latencyBuckets, double latencySumSeconds) {
    this.statuses = statuses;
    this.latencyBuckets = latencyBuckets;
    this.latencySumSeconds = latencySumSeconds;
  }

  /** Counts one request; {@code status} is already capped by the caller. */
  void add(String status, Double latencyMs) {
    statuses.merge(status, 1L, Long::sum);
    if (latencyMs != null && latencyMs >= 0 && Double.isFinite(latencyMs)) {
      double s = latencyMs / 1000.0;
      latencyBuckets[bucket(s)]++;
      latencySumSeconds += s;
    }
  }

  /** The index of the bucket {@code seconds} counts in: the first bound it does not exceed, else +Inf. */
  static int bucket(double seconds) {
    int i = Arrays.binarySearch(LATENCY_BOUNDS_SECONDS, seconds);
    return i >= 0 ? i : -i - 1;
  }

  void merge(RequestStats o, int maxStatuses) {
    o.statuses.forEach((s, n) -> statuses.merge(ServingHealth.capped(s, statuses, maxStatuses), n, Long::sum));
    for (int i = 0; i < latencyBuckets.length; i++) {
      latencyBuckets[i] += o.latencyBuckets[i];
    }
    latencySumSeconds += o.latencySumSeconds;
  }

  RequestStats copy() {
    return new RequestStats(new HashMap<>(statuses), latencyBuckets.clone(), latencySumSeconds);
  }

  /** Requests by status, read-only. */
  public Map<String, Long> statuses() {
    return Collections.unmodifiableMap(statuses);
  }

  /** Per-bucket (not cumulative) latency counts, the last one above the highest bound; a copy. */
  public long[] latencyBuckets() {
    return latencyBuckets.clone();
  }

  public double latencySumSeconds() {
    return latencySumSeconds;
  }
}
