package dev.pqp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Self-metrics of the ingest path: {@code pqp_records_total{topic}},
 * {@code pqp_records_rejected_total{topic,reason}} and
 * {@code pqp_events_total{model_name,model_version,type}}. Counters are created once per label set and
 * cached, so the per-record cost is a map lookup.
 */
public final class PipelineMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> records = new ConcurrentHashMap<>();
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
  private final Map<String, Counter> events = new ConcurrentHashMap<>();

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void recordIn(String topic) {
    records.computeIfAbsent(topic, t -> Counter.builder("pqp.records")
        .description("Records read from the input topics, valid or not")
        .tag("topic", t)
        .register(registry)).increment();
  }

  public void rejected(String topic, String reason) {
    rejected.computeIfAbsent(topic + '\u0000' + reason, k -> Counter.builder("pqp.records.rejected")
        .description("Input records sent to the dead-letter topic, by reason")
        .tag("topic", topic)
        .tag("reason", reason)
        .register(registry)).increment();
  }

  public void event(String model, String version, String type) {
    String m = model == null ? "" : model;
    String v = version == null ? "" : version;
    events.computeIfAbsent(type + '\u0000' + m + '\u0000' + v, k -> Counter.builder("pqp.events")
        .description("Valid events decoded, by model version and type")
        .tag("model_name", m)
        .tag("model_version", v)
        .tag("type", type)
        .register(registry)).increment();
  }
}
