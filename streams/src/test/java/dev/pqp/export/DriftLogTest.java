package dev.pqp.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.drift.WindowResult;
import dev.pqp.stats.DatasetDrift;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One line per change of a version's drift between windows, none while it stays. */
class DriftLogTest {
  private static final long MINUTE = 60_000;

  private static FeatureDriftResult feature(String name, Double score, boolean drifted) {
    return new FeatureDriftResult("claims-risk", "v2", name, "numeric", 0, MINUTE, 0, 1, "training", null, 500, 0, 0, 0,
        0, null, null, null, null, Map.of(), List.of(), "psi", score, 0.2, score == null ? null : 0.25, null, drifted,
        drifted, List.of());
  }

  private static WindowResult window(int i, FeatureDriftResult... features) {
    int drifted = (int) List.of(features).stream().filter(FeatureDriftResult::driftDetected).count();
    return new WindowResult("claims-risk", "v2", i * MINUTE, (i + 1) * MINUTE, "training", List.of(features),
        DatasetDrift.of(drifted, features.length));
  }

  @Test
  void shouldSayWhenFeaturesAndTheDatasetStartAndStopDrifting() {
    DriftLog log = new DriftLog();
    List<String> lines = new ArrayList<>();
    List<WindowResult> windows = List.of(
        window(0, feature("income", 0.05, false), feature("age", 0.01, false)),
        window(1, feature("income", 0.05, false), feature("age", 0.01, false)),
        window(2, feature("income", 0.41, true), feature("age", 0.02, false)),
        window(3, feature("income", 0.45, true), feature("age", null, false)), // age not evaluated: no change
        window(4, feature("income", 0.52, true), feature("age", 0.31, true)),
        window(5, feature("income", 0.1, false), feature("age", 0.02, false)));
    for (WindowResult w : windows) {
      DriftLog.Change c = log.change(w);
      if (c != null) {
        lines.add(c.line().replaceAll(" \\(window from .*", ""));
      }
    }
    assertThat(lines).containsExactly(
        "claims-risk/v2: drift started in income (psi 0.4100, threshold 0.2500); dataset drift started (1 of 2"
            + " features, share 0.50, drift.dataset-share 0.50)",
        "claims-risk/v2: drift started in age (psi 0.3100, threshold 0.2500)",
        "claims-risk/v2: drift stopped in age, income; dataset drift stopped (0 of 2 features, share 0.00,"
            + " drift.dataset-share 0.50)");
  }
}
