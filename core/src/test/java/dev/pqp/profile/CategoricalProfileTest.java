package dev.pqp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CategoricalProfileTest {

  /** A Zipf-like stream: category i has weight 1 / (i + 1). */
  private static String[] zipf(long seed, int n, int categories) {
    double[] cdf = new double[categories];
    double sum = 0;
    for (int i = 0; i < categories; i++) {
      sum += 1.0 / (i + 1);
      cdf[i] = sum;
    }
    SplittableRandom r = new SplittableRandom(seed);
    String[] out = new String[n];
    for (int j = 0; j < n; j++) {
      double u = r.nextDouble() * sum;
      int i = java.util.Arrays.binarySearch(cdf, u);
      out[j] = "c" + (i < 0 ? -i - 1 : i);
    }
    return out;
  }

  private static Map<String, Long> exactCounts(String[] xs) {
    Map<String, Long> m = new HashMap<>();
    for (String x : xs) {
      m.merge(x, 1L, Long::sum);
    }
    return m;
  }

  @Test
  void shouldCountExactlyBelowTheCap() {
    String[] xs = zipf(1, 50_000, 300);
    CategoricalProfile p = new CategoricalProfile(FeatureKind.CATEGORICAL, 1_000, 1_024);
    for (String x : xs) {
      p.update(x, x.equals("c7"));
    }
    Map<String, Long> exact = exactCounts(xs);

    assertThat(p.isExact()).isTrue();
    assertThat(p.tail()).isNull();
    assertThat(p.exactCounts()).isEqualTo(exact);
    assertThat(p.count("c0")).isEqualTo(new CategoryCount(exact.get("c0"), exact.get("c0"), exact.get("c0")));
    assertThat(p.count("never")).isEqualTo(new CategoryCount(0, 0, 0));
    assertThat(p.unseenInReference()).isEqualTo(exact.get("c7"));
    assertThat(p.count()).isEqualTo(50_000);
  }

  @Test
  void shouldBoundMemoryAndErrorAboveTheCap() {
    String[] xs = zipf(2, 200_000, 20_000);
    CategoricalProfile p = new CategoricalProfile(FeatureKind.CATEGORICAL, 100, 64);
    for (String x : xs) {
      p.update(x, false);
    }
    Map<String, Long> exact = exactCounts(xs);
    long maxError = p.tail().getMaximumError();

    assertThat(exact).hasSizeGreaterThan(10_000);
    assertThat(p.exactCategories()).isEqualTo(100);
    assertThat(p.tail().getNumActiveItems()).isLessThanOrEqualTo(64);
    assertThat(p.count()).isEqualTo(200_000);
    assertThat(p.tailCount()).isEqualTo(200_000 - p.exactCounts().values().stream().mapToLong(n -> n).sum());
    assertThat(maxError).isPositive();
    // categories that were exact stay exact; every other estimate is within the sketch's error bound
    p.exactCounts().forEach((c, n) -> assertThat(n).isEqualTo(exact.get(c)));
    exact.forEach((c, truth) -> {
      CategoryCount cc = p.count(c);
      assertThat(Math.abs(cc.estimate() - truth)).as(c).isLessThanOrEqualTo(maxError);
      assertThat(truth).as(c).isBetween(cc.lowerBound(), cc.upperBound());
    });
  }

  @Test
  void shouldProfileBooleansAsTrueFalseAndCountOtherTypesInvalid() {
    CategoricalProfile p = new CategoricalProfile(FeatureKind.BOOLEAN, 1_000, 1_024);
    p.add("f", true, FeatureBounds.NONE);
    p.add("f", true, FeatureBounds.NONE);
    p.add("f", false, FeatureBounds.NONE);
    p.add("f", null, FeatureBounds.NONE);
    p.add("f", "true", FeatureBounds.NONE);
    p.add("f", 1L, FeatureBounds.NONE);

    assertThat(p.kind()).isEqualTo(FeatureKind.BOOLEAN);
    assertThat(p.exactCounts()).containsOnly(Map.entry("true", 2L), Map.entry("false", 1L));
    assertThat(p.missing()).isEqualTo(1);
    assertThat(p.invalid()).isEqualTo(2);
  }

  @Test
  void shouldMergeExactCountsAndTailsEqualToTheWholeStream() {
    String[] xs = zipf(3, 100_000, 5_000);
    CategoricalProfile whole = new CategoricalProfile(FeatureKind.CATEGORICAL, 200, 256);
    CategoricalProfile merged = new CategoricalProfile(FeatureKind.CATEGORICAL, 200, 256);
    CategoricalProfile part = null;
    for (int i = 0; i < xs.length; i++) {
      whole.update(xs[i], false);
      if (i % 10_000 == 0) {
        if (part != null) {
          merged.merge(part);
        }
        part = new CategoricalProfile(FeatureKind.CATEGORICAL, 200, 256);
      }
      part.update(xs[i], false);
    }
    merged.merge(part);
    Map<String, Long> exact = exactCounts(xs);
    long bound = merged.tail().getMaximumError();

    assertThat(merged.count()).isEqualTo(whole.count()).isEqualTo(100_000);
    assertThat(merged.exactCategories()).isEqualTo(200);
    exact.forEach((c, truth) -> assertThat(truth).as(c).isBetween(merged.count(c).lowerBound(),
        merged.count(c).upperBound()));
    assertThat(Math.abs(merged.count("c0").estimate() - exact.get("c0"))).isLessThanOrEqualTo(bound);
  }
}
