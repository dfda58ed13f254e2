package dev.pqp.stream.comparison;

import static dev.pqp.topology.store.ProcessorStores.owning;

import dev.pqp.config.PqpConfig;
import dev.pqp.export.ComparisonMetrics;
import dev.pqp.schema.Performance;
import dev.pqp.topology.store.HeapStoreBuilder;
import dev.pqp.topology.store.KeyCodec;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** The version-comparison slice, as the topology wires it. */
public final class ComparisonStream {
  private ComparisonStream() {}

  /**
   * Whether a performance record holds realized counts a comparison of {@code pairs} (per model, challenger to
   * champion) can use: the model has a comparison, and the record its accuracy's own counts, not an estimate.
   */
  public static boolean usable(Performance p, java.util.Map<String, java.util.Map<String, String>> pairs) {
    return !p.getEstimated() && p.getAccuracyCount() != null && p.getAccuracyCount() > 0
        && pairs.containsKey(p.getModelName());
  }

  /** A realized performance record keyed by its model, as the comparison reads it. */
  public static KeyValue<String, WindowCounts> byModel(Performance p) {
    return KeyValue.pair(p.getModelName(), new WindowCounts(p.getModelVersion(), p.getWindowStart(),
        p.getAccuracyCount(), p.getCorrectCount()));
  }

  /** The processor of the comparisons, with the store it owns. */
  public static ProcessorSupplier<String, WindowCounts, Void, Void> comparisons(PqpConfig config,
      ComparisonMetrics metrics) {
    var a = config.analysis();
    long settleMs = a.groundTruth().maxDelay().plus(config.windowSize().multipliedBy(2)).toMillis();
    return owning(() -> new ComparisonProcessor(a.comparisons(), a.compareAlpha(), settleMs, a.staleAfter().toMillis(),
        a.forgetAfter().toMillis(), metrics), new HeapStoreBuilder<>(ComparisonProcessor.TALLIES, KeyCodec.STRING, TallyCodec.CODEC, true));
  }
}
