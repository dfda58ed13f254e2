package dev.pqp.profile;

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
  final CategoricalProfile statuses;
  final CategoricalProfile routes;
  final KllDoublesSketch latencyMs;
  long invalidLatency;

  ServingHealth(ProfileConfig config) {
    this(categorical(config), categorical(config), KllDoublesSketch.newHeapInstance(config.kllK()), 0);
  }

  ServingHealth(CategoricalProfile statuses, CategoricalProfile routes, KllDoublesSketch latencyMs,
      long invalidLatency) {
    this.statuses = statuses;
    this.routes = routes;
    this.latencyMs = latencyMs;
    this.invalidLatency = invalidLatency;
  }

  private static CategoricalProfile categorical(ProfileConfig config) {
    return new CategoricalProfile(FeatureKind.CATEGORICAL, config.categoryCap(), config.frequentItemsMapSize());
  }

  void add(Double latency, String status, String route) {
    statuses.update(status, false);
    routes.update(route, false);
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
  }

  ServingHealth copy() {
    return new ServingHealth(statuses.copy(), routes.copy(), Sketches.copy(latencyMs), invalidLatency);
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
