package dev.pqp.export;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code pqp_ground_truth_total{result}}: every prediction and label the ground-truth join settled, each
 * counted once under its {@link Result}. The counts are the join tasks' own: each task keeps its running
 * totals in its changelogged state (so a crash and a replay count nothing twice under exactly-once) and
 * reports them here; the counter is the sum over the tasks this instance owns, and a task's share leaves
 * with the task.
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
    DUPLICATE_PREDICTION,
    /** A business outcome that found its prediction waiting (or joined): counted for its window. */
    OUTCOME_MATCHED,
    /** A second (or later) report of a business outcome of one prediction: the first one counts. */
    OUTCOME_DUPLICATE,
    /** A business outcome with no waiting prediction, older than the maximum delay: it can never join. */
    OUTCOME_ORPHAN,
    /** A business outcome that arrived before its prediction and joined when the prediction came. */
    OUTCOME_EARLY_MATCHED,
    /** A business outcome that arrived before its prediction, which did not come within the early wait. */
    OUTCOME_EARLY_EXPIRED,
    /** A business outcome left out: its join task numbers 64 outcome names already. */
    OUTCOME_DROPPED;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<String, long[]> byOwner = new HashMap<>();

  @Override
  public void bindTo(MeterRegistry registry) {
    for (Result r : Result.values()) {
      FunctionCounter.builder(TOTAL, this, m -> m.total(r))
          .description("Predictions and labels settled by the ground-truth join, by result")
          .tag("result", r.label())
          .register(registry);
    }
  }

  /** The running total of {@code result} in the state of task {@code owner}. */
  public synchronized void counted(String owner, Result result, long total) {
    byOwner.computeIfAbsent(owner, o -> new long[Result.values().length])[result.ordinal()] = total;
  }

  /** The task closed or moved away: its counts go with it. */
  public synchronized void release(String owner) {
    byOwner.remove(owner);
  }

  synchronized double total(Result result) {
    long sum = 0;
    for (long[] counts : byOwner.values()) {
      sum += counts[result.ordinal()];
    }
    return sum;
  }
}
