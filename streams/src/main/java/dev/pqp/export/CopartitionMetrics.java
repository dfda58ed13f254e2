package dev.pqp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pqp_ground_truth_misrouted_total{type}}: records the join read without repartitioning
 * ({@code ground-truth.copartitioned}) whose key is not their prediction_id, so that they may sit in another
 * partition than their match and never join it. Logged at the first and then at most every ten minutes.
 */
public final class CopartitionMetrics {
  public static final String MISROUTED = "pqp.ground.truth.misrouted";
  private static final Logger LOG = LoggerFactory.getLogger(CopartitionMetrics.class);
  private static final long LOG_EVERY_NANOS = 600_000_000_000L;

  private final MeterRegistry registry;
  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

  public CopartitionMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** What to call for each misrouted record of {@code type} ({@code prediction} or {@code ground_truth}). */
  public Runnable misrouted(String type) {
    Counter counter = Counter.builder(MISROUTED)
        .description("Records read without repartitioning by prediction_id whose key is not their prediction_id")
        .tag("type", type)
        .register(registry);
    return () -> {
      counter.increment();
      long last = lastLogged.get();
      long now = System.nanoTime();
      if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
        LOG.warn("ground truth: a {} record is not keyed by its prediction_id, though the join reads the topics without "
            + "repartitioning them (ground-truth.copartitioned): it may not find its match; {} such records so far "
            + "(pqp_ground_truth_misrouted_total). Key every record by its prediction_id, or set "
            + "ground-truth.copartitioned=false", type, (long) counter.count());
      }
    };
  }
}
