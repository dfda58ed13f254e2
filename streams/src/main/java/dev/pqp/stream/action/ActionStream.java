package dev.pqp.stream.action;

import static dev.pqp.topology.store.ProcessorStores.owning;

import dev.pqp.action.WindowEvidence;
import dev.pqp.config.PqpConfig;
import dev.pqp.export.ActionMetrics;
import dev.pqp.schema.Action;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.topology.store.HeapStoreBuilder;
import dev.pqp.stream.VersionKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** The actions slice, as the topology wires it: finalized windows of every version in, action records out. */
public final class ActionStream {
  private ActionStream() {}

  /** A finalized window's model-window and feature-drift records as the action rules read them. */
  public static VersionWindow window(ModelWindow m, List<FeatureDrift> features) {
    Map<String, Double> drifted = new TreeMap<>();
    int evaluated = 0;
    for (FeatureDrift f : features) {
      if (f.getDriftScore() != null) {
        evaluated++;
        if (f.getDriftDetected()) {
          drifted.put(f.getFeatureName(), f.getDriftScore());
        }
      }
    }
    return new VersionWindow(m.getModelName(), m.getModelVersion(), new WindowEvidence(m.getWindowStart(),
        m.getWindowEnd(), evaluated == 0 ? null : (double) drifted.size() / evaluated, drifted));
  }

  /** The processor of the episodes, with the store it owns. */
  public static ProcessorSupplier<String, VersionWindow, String, Action> actions(PqpConfig config, ActionMetrics metrics) {
    long staleMs = config.analysis().staleAfter().toMillis();
    long forgetMs = config.analysis().forgetAfter().toMillis();
    return owning(() -> new ActionProcessor(config.analysis().retraining(), metrics, staleMs, forgetMs),
        new HeapStoreBuilder<>(ActionProcessor.EPISODES, VersionKey.CODEC, EpisodeCodec.CODEC, true));
  }
}
