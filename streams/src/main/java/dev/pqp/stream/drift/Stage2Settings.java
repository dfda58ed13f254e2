package dev.pqp.stream.drift;

import dev.pqp.config.Analysis;
import dev.pqp.config.PqpConfig;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.stream.Windows;
import java.util.Map;

/**
 * Stage 2's configuration, shared by the tasks of an instance. {@code sources} is the number of stage-1
 * tasks; {@code comparisons} maps a model's version to the version its prediction mix is compared with;
 * {@code minCount} is {@code drift.min-count}, below which a feature's window is merged with the ones before it.
 */
record Stage2Settings(Windows windows, ProfileConfig profileConfig, int autoWindows, int bins, long idleFlushMs,
    long staleMs, long retentionMs, long forgetAfterMs, int sources, Map<String, Map<String, String>> comparisons,
    int statusWindows, long minCount) {

  static Stage2Settings of(PqpConfig config, int sources) {
    Analysis a = config.analysis();
    return new Stage2Settings(Windows.of(config.windowSize(), config.windowGrace()), a.profile(), a.autoWindows(),
        a.drift().bins(), a.idleFlush().toMillis(), a.staleAfter().toMillis(), a.profileRetention().toMillis(),
        a.forgetAfter().toMillis(), sources, a.comparisons(), config.status().windows(), a.drift().minCount());
  }
}
