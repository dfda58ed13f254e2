package dev.pqp.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WindowMetricsTest {
  @Test
  void shouldKeepTheLargestClassesAndPoolTheRestUnderOther() {
    Map<String, Double> ratios = new HashMap<>();
    double total = 0;
    for (int i = 0; i < 200; i++) {
      double r = (i + 1) / 20_100.0; // 1 + 2 + ... + 200 = 20,100
      ratios.put("c" + i, r);
      total += r;
    }
    Map<String, Double> capped = WindowMetrics.capped(ratios);
    assertThat(capped).hasSize(WindowMetrics.MAX_CLASSES);
    for (int i = 199; i > 199 - (WindowMetrics.MAX_CLASSES - 1); i--) {
      assertThat(capped).containsEntry("c" + i, (i + 1) / 20_100.0);
    }
    double pooled = 0;
    for (int i = 0; i <= 199 - (WindowMetrics.MAX_CLASSES - 1); i++) {
      pooled += (i + 1) / 20_100.0;
    }
    assertThat(capped.get("__other__")).isCloseTo(pooled, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(capped.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(total, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(WindowMetrics.capped(Map.of("a", 0.4, "b", 0.6))).isEqualTo(Map.of("a", 0.4, "b", 0.6));
  }
}
