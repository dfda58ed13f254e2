package dev.pqp.export;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.BooleanSupplier;

/**
 * {@code pqp_ready}: 1 while the instance would answer {@code /ready} with 200 (Kafka Streams RUNNING), else
 * 0, read from the same condition at every scrape. An instance whose streams are stuck rebalancing or in
 * ERROR still serves {@code /metrics}, so {@code up} stays 1: this gauge is what tells an alert it processes
 * nothing.
 */
public final class ReadinessMetrics implements MeterBinder {
  public static final String READY = "pqp.ready";

  private final BooleanSupplier ready;

  /** @param ready the condition of {@code /ready} */
  public ReadinessMetrics(BooleanSupplier ready) {
    this.ready = ready;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(READY, ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 while the instance answers /ready with 200 (Kafka Streams RUNNING), else 0")
        .strongReference(true)
        .register(registry);
  }
}
