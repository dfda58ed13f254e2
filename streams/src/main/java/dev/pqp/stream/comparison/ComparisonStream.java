package dev.pqp.stream.comparison;

import static dev.pqp.topology.store.ProcessorStores.owning;

import dev.pqp.config.PqpConfig;
import dev.pqp.export.ActionMetrics;
import dev.pqp.export.ComparisonMetrics;
import dev.pqp.topology.store.ValueCodec;
import dev.pqp.schema.BusinessOutcome;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Performance;
import dev.pqp.topology.store.HeapStoreBuilder;
import dev.pqp.topology.store.KeyCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** The version-comparison slice, as the topology wires it. */
public final class ComparisonStream {
  private ComparisonStream() {}

  /**
   * Whether a performance record holds realized counts a comparison of {@code pairs} (per model, challenger to
   * champion) can use: the model has a comparison, and the record its accuracy's own counts (not an estimate) or
   * business outcomes.
   */
  public static boolean usable(Performance p, Map<String, Map<String, String>> pairs) {
    return pairs.containsKey(p.getModelName()) && (accuracy(p) || p.getSampledPredictionCount() > 0);
  }

  private static boolean accuracy(Performance p) {
    return !p.getEstimated() && p.getAccuracyCount() != null && p.getAccuracyCount() > 0;
  }

  private static boolean outcomes(Performance p) {
    return p.getSampledPredictionCount() > 0 && !p.getOutcomes().isEmpty();
  }

  /**
   * A performance record's counts keyed by its model, as the comparison reads them: its accuracy's, realized; each
   * business outcome's (the predictions in the join sample and the ones that got it, and the sums of its values over
   * those predictions); and last those predictions
   * alone (the denominator of every outcome rate, also of an outcome the window has not got yet).
   */
  public static List<KeyValue<String, WindowCounts>> byModel(Performance p) {
    List<KeyValue<String, WindowCounts>> out = new ArrayList<>();
    if (accuracy(p)) {
      out.add(KeyValue.pair(p.getModelName(), new WindowCounts(p.getModelVersion(), p.getWindowStart(),
          p.getAccuracyCount(), p.getCorrectCount())));
    }
    if (outcomes(p)) {
      for (BusinessOutcome o : p.getOutcomes()) {
        out.add(KeyValue.pair(p.getModelName(), new WindowCounts(p.getModelVersion(), p.getWindowStart(),
            p.getSampledPredictionCount(), o.getCount(), WindowCounts.outcome(o.getName()))));
        out.add(KeyValue.pair(p.getModelName(), WindowCounts.values(p.getModelVersion(), p.getWindowStart(),
            p.getSampledPredictionCount(), o.getValueSum(), o.getValueSumOfSquares(),
            WindowCounts.outcomeValue(o.getName()))));
      }
    }
    // last: each outcome of the record already has its counts, so that raising the others' predictions never
    // shows an outcome's new predictions before its new successes
    if (p.getSampledPredictionCount() > 0) {
      out.add(KeyValue.pair(p.getModelName(), new WindowCounts(p.getModelVersion(), p.getWindowStart(),
          p.getSampledPredictionCount(), 0, WindowCounts.PREDICTIONS)));
    }
    return out;
  }

  /**
   * A finalized window's serving counts keyed by its model, when the model has a comparison and the window requests
   * with a status: the requests and those with status {@code error} ({@link WindowCounts#ERROR_RATE}). A window is
   * finalized once, so its counts are final.
   */
  public static List<KeyValue<String, WindowCounts>> serving(ModelWindow w, Map<String, Map<String, String>> pairs) {
    if (!pairs.containsKey(w.getModelName())) {
      return List.of();
    }
    long requests = 0;
    for (long n : w.getStatusCounts().values()) {
      requests += n;
    }
    if (requests == 0) {
      return List.of();
    }
    long errors = w.getStatusCounts().getOrDefault("error", 0L);
    return List.of(KeyValue.pair(w.getModelName(), new WindowCounts(w.getModelVersion(), w.getWindowStart(), requests,
        errors, WindowCounts.ERROR_RATE)));
  }

  /** The processor of the comparisons, with the stores it owns: action and comparison records out. */
  public static ProcessorSupplier<String, WindowCounts, String, SpecificRecordBase> comparisons(PqpConfig config,
      ComparisonMetrics metrics, ActionMetrics actions) {
    var a = config.analysis();
    long settleMs = a.groundTruth().maxDelay().plus(config.windowSize().multipliedBy(2)).toMillis();
    return owning(() -> new ComparisonProcessor(a.comparisons(), a.expectedShares(), a.compareAlpha(), settleMs, a.staleAfter().toMillis(),
        a.forgetAfter().toMillis(), metrics, actions, config.windowSize().toMillis(), a.lowerIsBetter()),
        new HeapStoreBuilder<>(ComparisonProcessor.TALLIES, KeyCodec.STRING, TallyCodec.CODEC, true),
        new HeapStoreBuilder<>(ComparisonProcessor.EPISODES, KeyCodec.STRING, ValueCodec.LONG, true));
  }
}
