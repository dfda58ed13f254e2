package dev.pqp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Caps the models and versions per model that one instance tracks, so that a producer bug (a version per
 * request, say) cannot exhaust memory or Prometheus. What exceeds the caps is counted in
 * {@code pqp_cardinality_overflow_total{kind}} and reported under the label value {@value #OVERFLOW}.
 *
 * <p>A version not seen for {@code forgetAfterMs} gives its place to a new one, so that a model that is
 * redeployed many times over months keeps being profiled. Thread-safe (stream threads share it); the
 * lock is taken once per event and held for two map lookups.
 */
public final class CardinalityGuard {
  public static final String OVERFLOW = "__overflow__";

  private final int maxModels;
  private final int maxVersions;
  private final long forgetAfterMs;
  private final Map<String, Map<String, Long>> lastSeen = new HashMap<>();
  private final Counter modelOverflow;
  private final Counter versionOverflow;

  public CardinalityGuard(int maxModels, int maxVersions, long forgetAfterMs, MeterRegistry registry) {
    this.maxModels = maxModels;
    this.maxVersions = maxVersions;
    this.forgetAfterMs = forgetAfterMs;
    this.modelOverflow = overflowCounter(registry, "model");
    this.versionOverflow = overflowCounter(registry, "version");
  }

  /** {@code pqp_cardinality_overflow_total{kind}}: kind model, version, feature or category. */
  static Counter overflowCounter(MeterRegistry registry, String kind) {
    return Counter.builder("pqp.cardinality.overflow")
        .description("Beyond the caps: events of models or versions (not profiled), values of features past the"
            + " per-model cap (dropped), values of categories past the exact cap (counted by a sketch)")
        .tag("kind", kind)
        .register(registry);
  }

  /** True if (model, version) is tracked at wall time {@code nowMs}; false, and counted, if beyond a cap. */
  public synchronized boolean admit(String model, String version, long nowMs) {
    Map<String, Long> versions = lastSeen.get(model);
    if (versions == null) {
      if (lastSeen.size() >= maxModels && !forgetStaleModel(nowMs)) {
        modelOverflow.increment();
        return false;
      }
      versions = new HashMap<>();
      lastSeen.put(model, versions);
    }
    if (!versions.containsKey(version) && versions.size() >= maxVersions && !forgetStale(versions, nowMs)) {
      versionOverflow.increment();
      return false;
    }
    versions.put(version, nowMs);
    return true;
  }

  private boolean forgetStale(Map<String, Long> versions, long nowMs) {
    return versions.values().removeIf(seen -> nowMs - seen > forgetAfterMs);
  }

  private boolean forgetStaleModel(long nowMs) {
    boolean freed = false;
    for (Iterator<Map<String, Long>> it = lastSeen.values().iterator(); it.hasNext(); ) {
      Map<String, Long> versions = it.next();
      forgetStale(versions, nowMs);
      if (versions.isEmpty()) {
        it.remove();
        freed = true;
      }
    }
    return freed;
  }
}
