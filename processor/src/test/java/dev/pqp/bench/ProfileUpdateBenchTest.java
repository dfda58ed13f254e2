package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the benchmark briefly to prove it works; time is reported, never asserted (shared CI machines). */
class ProfileUpdateBenchTest {
  @Test
  void shouldMeasureAllFourCasesAndPrintASummary() {
    ProfileUpdateBench.Result r = ProfileUpdateBench.run(200, 1_000, 20, 51);
    System.out.println(r.summary());

    assertThat(java.util.List.of(r.profileSmall(), r.profileLarge(), r.kllSmall(), r.kllLarge()))
        .allSatisfy(ns -> assertThat(ns).isPositive().isFinite());
    assertThat(r.summary()).contains("NumericProfile", "KllDoublesSketch", "10^6");
  }
}
