package dev.pqp.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A feature missing from every event of a window is reported with missing ratio 1, not left out. */
class MissingFeatureTest {
  @Test
  void shouldReportFeaturesNullOrAbsentInEveryEventWithMissingRatioOne() {
    ReferenceBuilder ref = new ReferenceBuilder(ProfileConfig.DEFAULT);
    for (int i = 0; i < 200; i++) {
      ref.add(Map.of("a", (double) i, "b", "x" + (i % 3), "c", (double) i));
    }
    ReferenceProfile reference = ref.build("r", "m", "*", 0);
    WindowProfile window = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = 0; i < 150; i++) {
      Map<String, Object> row = new HashMap<>();
      row.put("a", (double) i);
      row.put("b", null); // null in every event; c absent in every event; d null and unknown to the reference
      row.put("d", null);
      row.forEach((k, v) -> window.addFeature(k, v, FeatureBounds.NONE));
    }
    // the window's event count comes from predictions; emulate 150 events through the feature-log path
    WindowResult result = new DriftEvaluator(DriftSettings.DEFAULT).evaluate("m", "v", 0, 1, withEvents(window, 150),
        reference);

    Map<String, FeatureDriftResult> byName = result.features().stream()
        .collect(Collectors.toMap(FeatureDriftResult::featureName, f -> f));
    assertThat(byName).containsOnlyKeys("a", "b", "c", "d");
    assertThat(byName.get("b").missingRatio()).isEqualTo(1.0);
    assertThat(byName.get("b").featureType()).isEqualTo("categorical");
    assertThat(byName.get("c").missingRatio()).isEqualTo(1.0);
    assertThat(byName.get("c").featureType()).isEqualTo("numeric");
    assertThat(byName.get("d").missingRatio()).isEqualTo(1.0);
    assertThat(byName.get("d").featureType()).isEqualTo("unknown");
    assertThat(byName.get("a").missingRatio()).isEqualTo(0.0);
    assertThat(byName.get("b").driftScore()).isNull();
  }

  private static WindowProfile withEvents(WindowProfile features, int events) {
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = 0; i < events; i++) {
      w.add(new dev.pqp.event.FeatureLog("m", "v", null, 0, Map.of()), 0, FeatureBounds.NONE);
    }
    w.merge(features);
    return w;
  }
}
