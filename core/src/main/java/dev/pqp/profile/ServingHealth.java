package dev.pqp.profile;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Serving health within one window, from the predictions that carry it: request counts by status and by
 * route, and a KLL sketch of latency in milliseconds.
 *
 * <p>Consumes (latency, status, route) of each prediction; emits the counts and the sketch. An absent
 * status or route counts as missing in its {@link CategoricalProfile}; a negative or non-finite latency
 * as invalid.
 */
public final class ServingHealth {
  /** Label value of a request without a route or status. */
  public static final String UNKNOWN = "unknown";
  /** Label value that pools routes or statuses beyond the caps. */
  public static final String OTHER = "__other__";
  /** Distinct routes counted per window; more are pooled as {@link #OTHER}. */
  public static final int MAX_ROUTES = 50;
  /** Distinct statuses counted per route and window; more are pooled as {@link #OTHER}. */
  public static final int MAX_STATUSES = 20;

  final CategoricalProfile statuses;
  final CategoricalProfile routes;
  final KllDoublesSketch latencyMs;
  long invalidLatency;
  /** Exact request counts and latency buckets per route (capped). */
  final HashMap<String, RequestStats> byRoute;
  /** Requests whose route or status was pooled as {@link #OTHER}. */
  long pooled;

  ServingHealth(ProfileConfig config) {
    this(categorical(config), categorical(config), KllDoublesSketch.newHeapInstance(config.kllK()), 0,
        new HashMap<>(), 0);
  }

  ServingHealth(CategoricalProfile statuses, CategoricalProfile routes, KllDoublesSketch latencyMs,
      long invalidLatency, HashMap<String, RequestStats> byRoute, long pooled) {
    this.statuses = statuses;
    this.routes = routes;
    this.latencyMs = latencyMs;
    this.invalidLatency = invalidLatency;
    this.byRoute = byRoute;
    this.pooled = pooled;
  }

  /**
   * {@code value} ({@link #UNKNOWN} when null) if {@code counts} has it or room for it, else {@link #OTHER}:
   * at most {@code max} distinct values, one of them kept free for {@link #OTHER}.
   */
  static String capped(String value, Map<String, ?> counts, int max) {
    String v = value == null ? UNKNOWN : value;
    return counts.containsKey(v) || counts.size() < max - 1 ? v : OTHER;
  }

  private static CategoricalProfile categorical(ProfileConfig config) {
    return new CategoricalProfile(FeatureKind.CATEGORICAL, config.categoryCap(), config.frequentItemsMapSize());
  }

  void add(Double latency, String status, String route) {
    statuses.update(status, false);
    routes.update(route, false);
    String r = capped(route, byRoute, MAX_ROUTES);
    RequestStats stats = byRoute.computeIfAbsent(r, k -> new RequestStats());
    String st = capped(status, stats.statuses, MAX_STATUSES);
    if (!r.equals(route == null ? UNKNOWN : route) || !st.equals(status == null ? UNKNOWN : status)) {
      pooled++;
    }
    stats.add(st, latency);
    if (latency != null) {
      if (latency >= 0 && Double.isFinite(latency)) {
        latencyMs.update(latency);
      } else {
        invalidLatency++;
      }
    }
  }

  void merge(ServingHealth o) {
    statuses.merge(o.statuses);
    routes.merge(o.routes);
    latencyMs.merge(o.latencyMs);
    invalidLatency += o.invalidLatency;
    o.byRoute.forEach((route, stats) -> byRoute.computeIfAbsent(capped(route, byRoute, MAX_ROUTES),
        k -> new RequestStats()).merge(stats, MAX_STATUSES));
    pooled += o.pooled;
  }

  ServingHealth copy() {
    HashMap<String, RequestStats> routesCopy = new HashMap<>();
    byRoute.forEach((r, s) -> routesCopy.put(r, s.copy()));
    return new ServingHealth(statuses.copy(), routes.copy(), Sketches.copy(latencyMs), invalidLatency, routesCopy,
        pooled);
  }

  /** Exact request counts and latency buckets by route ({@link #UNKNOWN} without one), read-only. */
  public Map<String, RequestStats> byRoute() {
    return Collections.unmodifiableMap(byRoute);
  }

  /** Requests counted under {@link #OTHER} because their route or status was beyond the caps. */
  public long pooled() {
    return pooled;
  }

  /** Requests by status (e.g. success, error). */
  public CategoricalProfile statuses() {
    return statuses;
  }

  /** Requests by serving route. */
  public CategoricalProfile routes() {
    return routes;
  }

  /** The live latency sketch in milliseconds; read it, do not update it. */
  public KllDoublesSketch latencyMs() {
    return latencyMs;
  }

  /** Latencies that were negative or not finite. */
  public long invalidLatency() {
    return invalidLatency;
  }
}
