package dev.pqp.stream.drift;

import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.stream.VersionKey;
import java.util.List;

/**
 * What stage 2 emits per finalized window of one version, keyed {@code model/version}: its feature-drift
 * records (one per feature), its model-window record and its encoded profile. The topology sends each part
 * to its own topic.
 */
public record FinalizedWindow(VersionKey version, long start, List<FeatureDrift> featureDrift, ModelWindow modelWindow,
    byte[] profile) {
  /** The key of the profile on the profiles topic: {@code model/version/window-start}, one per window. */
  public String profileKey() {
    return version.output() + "/" + start;
  }
}
