package dev.pqp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps the models and versions per model that one instance tracks, so that a producer bug (a version per
 * request, say) cannot exhaust memory or Prometheus. What exceeds the caps is counted in
 * {@code pqp_cardinality_overflow_total{kind}} and reported under the label value {@value #OVERFLOW}.
 *
 * <p>A version not seen for {@code forgetAfterMs} gives its place to a new one, so that a model that is
 * redeployed many times over months keeps being profiled. Models are admitted the same way under
 * {@code limits.max-models}. While a model's versions fill the cap, a new version
 * has to prove itself: it waits as a candidate (its events counted as overflow) until it has sent
 * {@value #PROVE_EVENTS} events, then takes the place of the tracked version that sent the fewest events (the least
 * recently seen of those), provided that one sent fewer than half as many. So junk versions, a few events each, cannot lock a real
 * release out until they go stale: the release takes the place of one of them after {@value #PROVE_EVENTS} events.
 * Candidates are bounded ({@value #MAX_CANDIDATES} per model; when full, those with the fewest events are
 * dropped). Versions whose events are dropped are logged, one WARN per model at most every 10 minutes.
 *
 * <p>Thread-safe (stream threads share it); the lock is taken once per event and held for a few map lookups.
 */
public final class CardinalityGuard {
  public static final String OVERFLOW = "__overflow__";
  /** Events a new version sends while the cap is full before it takes the place of a low-traffic version. */
  public static final int PROVE_EVENTS = 100;
  static final int MAX_CANDIDATES = 1_000;
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final int NAMES_LOGGED = 5;
  private static final Logger LOG = LoggerFactory.getLogger(CardinalityGuard.class);

  private final int maxModels;
  private final int maxVersions;
  private final long forgetAfterMs;
  private final Map<String, Model> models = new HashMap<>();
  private final Map<String, Long> modelCandidates = new HashMap<>();
  private final Set<String> droppedModels = new LinkedHashSet<>();
  private long droppedModelEvents;
  private long lastModelWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;
  private final Counter modelOverflow;
  private final Counter versionOverflow;

  /** A tracked version: when it was last seen, and its events since it was admitted. */
  private static final class Seen {
    long lastMs;
    long events;
  }

  /** One model's tracked versions, its candidates and what was dropped since the last WARN. */
  private static final class Model {
    final Map<String, Seen> versions = new HashMap<>();
    final Map<String, Long> candidates = new HashMap<>();
    /** Events a model sent as a candidate before it was tracked. */
    long proven;
    final Set<String> dropped = new LinkedHashSet<>();
    long droppedEvents;
    long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;
  }

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
  public boolean admit(String model, String version, long nowMs) {
    return admit(model, version, nowMs, 1);
  }

  /**
   * As {@link #admit(String, String, long)} for {@code events} events at once (a caller that admits a version's events
   * itself for a while and tells the guard how many); refused, all of them count as overflow.
   */
  public synchronized boolean admit(String model, String version, long nowMs, long events) {
    Model m = models.get(model);
    if (m == null) {
      long proven = 0;
      if (models.size() >= maxModels && !forgetStaleModel(nowMs)) {
        proven = promoteModel(model, events);
        if (proven == 0) {
          modelOverflow.increment(events);
          droppedModel(model, events);
          return false;
        }
      }
      m = new Model();
      m.proven = Math.max(0, proven - events); // the events it proved itself with, as for a version
      models.put(model, m);
    }
    Seen seen = m.versions.get(version);
    if (seen == null) {
      long proven = 0;
      if (m.versions.size() >= maxVersions && !forgetStale(m.versions, nowMs)) {
        proven = promote(model, m, version, events);
        if (proven == 0) {
          versionOverflow.increment(events);
          dropped(model, m, version, events);
          return false;
        }
      }
      seen = new Seen();
      if (proven > 0) {
        seen.events = proven - events; // with this call's below: a promoted version keeps the events it proved itself with
      }
      m.versions.put(version, seen);
    }
    seen.lastMs = nowMs;
    seen.events += events;
    return true;
  }

  /** Adds {@code events} admitted by a caller to a tracked version's count; nothing if it is no longer tracked. */
  public synchronized void count(String model, String version, long events) {
    Model m = models.get(model);
    Seen seen = m == null ? null : m.versions.get(version);
    if (seen != null) {
      seen.events += events;
    }
  }

  /**
   * Counts {@code more} events of candidate {@code version}; once it has {@value #PROVE_EVENTS}, it takes the place of
   * the tracked version with the fewest events (the least recently seen of those) if that one has fewer than half as
   * many: then its events in all, else 0. Half, so that versions of similar traffic do not take turns.
   */
  private long promote(String model, Model m, String version, long more) {
    long events = m.candidates.merge(version, more, Long::sum);
    if (events < PROVE_EVENTS) {
      if (m.candidates.size() > MAX_CANDIDATES) {
        long fewest = m.candidates.values().stream().mapToLong(Long::longValue).min().orElse(0);
        m.candidates.values().removeIf(n -> n <= fewest);
      }
      return 0;
    }
    String victim = null;
    Seen least = null;
    for (Map.Entry<String, Seen> e : m.versions.entrySet()) {
      Seen s = e.getValue();
      if (least == null || s.events < least.events || s.events == least.events && s.lastMs < least.lastMs) {
        victim = e.getKey();
        least = s;
      }
    }
    if (least == null || 2 * least.events >= events) {
      return 0; // every tracked version sent at least half as much: the cap is what it is for
    }
    m.versions.remove(victim);
    m.candidates.remove(version);
    LOG.info("model {}: version {} is tracked after {} events while {} versions were (limits.max-versions-per-model), "
        + "in place of version {} ({} events)", model, version, events, maxVersions, victim, least.events);
    return events;
  }

  /**
   * As {@link #promote} for a new model while {@code limits.max-models} are tracked: once it sent {@value #PROVE_EVENTS}
   * events it takes the place of the model with the fewest events in all (fewer than half as many): its events, else 0.
   */
  private long promoteModel(String model, long more) {
    long events = modelCandidates.merge(model, more, Long::sum);
    if (events < PROVE_EVENTS) {
      if (modelCandidates.size() > MAX_CANDIDATES) {
        long fewest = modelCandidates.values().stream().mapToLong(Long::longValue).min().orElse(0);
        modelCandidates.values().removeIf(n -> n <= fewest);
      }
      return 0;
    }
    String victim = null;
    long least = Long.MAX_VALUE;
    for (Map.Entry<String, Model> e : models.entrySet()) {
      long total = e.getValue().proven + e.getValue().versions.values().stream().mapToLong(s -> s.events).sum();
      if (total < least) {
        victim = e.getKey();
        least = total;
      }
    }
    if (victim == null || 2 * least >= events) {
      return 0;
    }
    models.remove(victim);
    modelCandidates.remove(model);
    LOG.info("model {} is tracked after {} events while {} models were (limits.max-models), in place of model {} "
        + "({} events)", model, events, maxModels, victim, least);
    return events;
  }

  private void droppedModel(String model, long events) {
    droppedModelEvents += events;
    if (droppedModels.size() < NAMES_LOGGED) {
      droppedModels.add(model);
    }
    long now = System.nanoTime();
    if (now - lastModelWarnNanos < WARN_EVERY_NANOS) {
      return;
    }
    lastModelWarnNanos = now;
    LOG.warn("{} events of models beyond limits.max-models = {} were not profiled (models {}); a new model is tracked "
        + "once it sent {} events, in place of the model with the fewest; see pqp_cardinality_overflow_total and the "
        + "runbook PqpCardinalityOverflow", droppedModelEvents, maxModels, droppedModels, PROVE_EVENTS);
    droppedModels.clear();
    droppedModelEvents = 0;
  }

  /** Keeps the names of dropped versions for the model's next WARN, and logs it if 10 minutes passed. */
  private void dropped(String model, Model m, String version, long events) {
    m.droppedEvents += events;
    if (m.dropped.size() < NAMES_LOGGED) {
      m.dropped.add(version);
    }
    long now = System.nanoTime();
    if (now - m.lastWarnNanos < WARN_EVERY_NANOS) {
      return;
    }
    m.lastWarnNanos = now;
    LOG.warn("model {}: {} events of versions beyond limits.max-versions-per-model = {} were not profiled (versions {}{}); "
        + "a new version is tracked once it sent {} events, in place of the tracked version with the fewest; "
        + "see pqp_cardinality_overflow_total and the runbook PqpCardinalityOverflow", model, m.droppedEvents,
        maxVersions, m.dropped, m.candidates.size() > m.dropped.size() ? " among " + m.candidates.size() + " seen" : "",
        PROVE_EVENTS);
    m.dropped.clear();
    m.droppedEvents = 0;
  }

  private boolean forgetStale(Map<String, Seen> versions, long nowMs) {
    return versions.values().removeIf(seen -> nowMs - seen.lastMs > forgetAfterMs);
  }

  private boolean forgetStaleModel(long nowMs) {
    boolean freed = false;
    for (Iterator<Model> it = models.values().iterator(); it.hasNext(); ) {
      Model m = it.next();
      forgetStale(m.versions, nowMs);
      if (m.versions.isEmpty()) {
        it.remove();
        freed = true;
      }
    }
    return freed;
  }
}
