package dev.pqp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the models and versions per model that one instance tracks, so that a producer bug (a version per
 * request, say) cannot exhaust memory or Prometheus. What exceeds the caps is counted in
 * {@code pqp_cardinality_overflow_total{kind}} and reported under the label value {@value #OVERFLOW}.
 */
public final class CardinalityGuard {
  public static final String OVERFLOW = "__overflow__";

  private final int maxModels;
  private final int maxVersions;
  private final Map<String, Set<String>> versions = new ConcurrentHashMap<>();
  private final Counter modelOverflow;
  private final Counter versionOverflow;

  public CardinalityGuard(int maxModels, int maxVersions, MeterRegistry registry) {
    this.maxModels = maxModels;
    this.maxVersions = maxVersions;
    this.modelOverflow = counter(registry, "model");
    this.versionOverflow = counter(registry, "version");
  }

  private static Counter counter(MeterRegistry registry, String kind) {
    return Counter.builder("pqp.cardinality.overflow")
        .description("Events of models or versions beyond the configured caps (not profiled)")
        .tag("kind", kind)
        .register(registry);
  }

  /** True if (model, version) is tracked; false, and counted, if it is beyond a cap. */
  public boolean admit(String model, String version) {
    Set<String> known = versions.get(model);
    if (known == null) {
      if (versions.size() >= maxModels) {
        modelOverflow.increment();
        return false;
      }
      known = versions.computeIfAbsent(model, m -> ConcurrentHashMap.newKeySet());
    }
    if (known.contains(version)) {
      return true;
    }
    synchronized (known) {
      if (known.size() >= maxVersions) {
        versionOverflow.increment();
        return false;
      }
      known.add(version);
      return true;
    }
  }
}
