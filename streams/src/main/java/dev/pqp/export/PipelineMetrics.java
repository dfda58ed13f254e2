package dev.pqp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-metrics of the ingest path: {@code pqp_records_total{topic}},
 * {@code pqp_records_rejected_total{topic,reason}} and
 * {@code pqp_events_total{model_name,model_version,type}}, and events dropped as late at either stage
 * ({@code pqp_late_events_dropped_total}, {@code pqp_late_partials_dropped_total}). Counters are created once per label set and
 * cached, so the per-record cost is a map lookup.
 */
public final class PipelineMetrics implements MeterBinder {
  public static final String RECORDS = "pqp.records";
  public static final String REJECTED = "pqp.records.rejected";
  public static final String EVENTS = "pqp.events";
  public static final String LATE_EVENTS = "pqp.late.events.dropped";
  public static final String LATE_PARTIALS = "pqp.late.partials.dropped";

  private MeterRegistry registry;
  private Counter lateEvents;
  private Counter latePartials;
  private final Map<String, Counter> records = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final DeadLetterLog deadLetters = new DeadLetterLog(System::currentTimeMillis);
  private final Map<String, Counter> events = new ConcurrentHashMap<>();

  /** Bound to {@code registry} at once. */
  public PipelineMetrics(MeterRegistry registry) {
    bindTo(registry);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    this.lateEvents = Counter.builder(LATE_EVENTS)
        .description("Events that arrived after their window's grace period; counted, not profiled")
        .register(registry);
    this.latePartials = Counter.builder(LATE_PARTIALS)
        .description("Events in partials that reached stage 2 after their window was finalized")
        .register(registry);
  }

  /** An event later than its window's grace: counted, not profiled. */
  public void lateEventDropped() {
    lateEvents.increment();
  }

  /** Events of a partial that reached stage 2 after its window was finalized. */
  public void latePartialDropped(long events) {
    latePartials.increment(events);
  }

  /**
   * What the caps did to a finalized window: values of features past {@code limits.max-features-per-model}
   * (dropped), and values of categories past {@code profile.category-cap} (counted approximately by a
   * frequent-items sketch). Counted in {@code pqp_cardinality_overflow_total} with kind feature and category.
   */
  public void profileOverflow(long featureValues, long categoryValues) {
    if (featureValues > 0) {
      overflow("feature").increment(featureValues);
    }
    if (categoryValues > 0) {
      overflow("category").increment(categoryValues);
    }
  }

  private Counter overflow(String kind) {
    return CardinalityGuard.overflowCounter(registry, kind);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** One counter, for a caller that counts many of the same (the stream packages do not see Micrometer). */
  @FunctionalInterface
  public interface Tally {
    void increment();
  }

  /** {@code pqp_records_total} of an input topic, for a caller that counts many records of it. */
  public Tally recordsTally(String topic) {
    return recordsCounter(topic)::increment;
  }

  private Counter recordsCounter(String topic) {
    return records.computeIfAbsent(topic, t -> Counter.builder(RECORDS)
        .description("Records read from the input topics, valid or not")
        .tag("topic", t)
        .register(registry));
  }

  public void rejected(String topic, String reason) {
    deadLetters.rejected(topic, reason);
    rejected.computeIfAbsent(topic + '\u0000' + reason, k -> Counter.builder(REJECTED)
        .description("Input records sent to the dead-letter topic, by reason")
        .tag("topic", topic)
        .tag("reason", reason)
        .register(registry)).increment();
  }

  public void event(String model, String version, String type) {
    eventCounter(model, version, type).increment();
  }

  /** {@code pqp_events_total} of a model version and type, for a caller that counts many events of it. */
  public Tally eventTally(String model, String version, String type) {
    return eventCounter(model, version, type)::increment;
  }

  private Counter eventCounter(String model, String version, String type) {
    String m = model == null ? "" : model;
    String v = version == null ? "" : version;
    return events.computeIfAbsent(type + '\u0000' + m + '\u0000' + v, k -> Counter.builder(EVENTS)
        .description("Valid events decoded, by model version and type")
        .tag("model_name", m)
        .tag("model_version", v)
        .tag("type", type)
        .register(registry));
  }
}
