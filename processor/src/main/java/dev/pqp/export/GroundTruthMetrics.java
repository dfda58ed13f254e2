package dev.pqp.export;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pqp_ground_truth_total{result}}: every prediction and label the ground-truth join settled, each
 * counted once under its {@link Result}.
 */
public final class GroundTruthMetrics implements MeterBinder {
  public static final String TOTAL = "pqp.ground.truth";

  /** How the join settled a label or a prediction; rendered lower-case. */
  public enum Result {
    /** A label that found its prediction waiting. */
    MATCHED,
    /** A second (or later) label of a prediction or of a waiting early label: the first one wins. */
    DUPLICATE,
    /** A label with no waiting prediction that is older than the maximum label delay: it can never join. */
    ORPHAN,
    /** A prediction that got no label within the maximum label delay. */
    EXPIRED,
    /** A label that arrived before its prediction and joined when the prediction came. */
    EARLY_MATCHED,
    /** A label that arrived before its prediction, which did not come within the early wait. */
    EARLY_EXPIRED,
    /** A second prediction with an id already waiting: the first one is kept. */
    DUPLICATE_PREDICTION;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<Result, Counter> counters = new EnumMap<>(Result.class);

  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    for (Result r : Result.values()) {
      counters.put(r, Counter.builder(TOTAL)
          .description("Predictions and labels settled by the ground-truth join, by result")
          .tag("result", r.label())
          .register(registry));
    }
  }

  public void count(Result result) {
    counters.get(result).increment();
  }
}
