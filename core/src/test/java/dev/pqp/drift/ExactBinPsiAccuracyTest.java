package dev.pqp.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.drift.FeatureDriftResult.Statistic;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBounds;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PSI as pqp reports it for a window (exact current counts in the reference's decile bins, reference
 * shares from its k = 2000 sketch) against PSI computed here on the raw arrays with the same bins.
 */
class ExactBinPsiAccuracyTest {
  private static final int N = 1_000_000;

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("normal vs 0.5 sigma shift", (Gen) r -> r::nextGaussian, (Gen) r -> () -> 0.5 + r.nextGaussian()),
        Arguments.of("normal vs scaled", (Gen) r -> r::nextGaussian, (Gen) r -> () -> 1.5 * r.nextGaussian()),
        Arguments.of("lognormal vs lognormal", (Gen) r -> () -> Math.exp(r.nextGaussian()),
            (Gen) r -> () -> Math.exp(0.3 + 0.8 * r.nextGaussian())),
        Arguments.of("uniform vs normal", (Gen) r -> r::nextDouble, (Gen) r -> () -> 0.5 + 0.25 * r.nextGaussian()),
        Arguments.of("identical", (Gen) r -> r::nextGaussian, (Gen) r -> r::nextGaussian));
  }

  interface Gen {
    DoubleSupplier of(SplittableRandom r);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void shouldReportPsiWithin0005OfExactOnTheSameBins(String name, Gen refGen, Gen curGen) {
    SplittableRandom random = new SplittableRandom(name.hashCode());
    double[] ref = draw(refGen.of(random));
    double[] cur = draw(curGen.of(random));
    ReferenceBuilder builder = new ReferenceBuilder(ProfileConfig.DEFAULT);
    for (double v : ref) {
      builder.add(Map.of("x", v));
    }
    ReferenceProfile reference = builder.build("test", "m", "*", 0);
    ReferenceBounds bounds = new ReferenceBounds(reference, 10);
    WindowProfile window = new WindowProfile(ProfileConfig.DEFAULT);
    for (double v : cur) {
      window.addFeature("x", v, bounds);
    }
    double[] edges = bounds.binEdges("x");
    assertThat(((NumericProfile) window.features().get("x")).bins().counts()).containsExactly(count(cur, edges));

    WindowResult result = new DriftEvaluator(DriftSettings.DEFAULT).evaluate("m", "v", 0, 1, window, reference);
    double reported = result.features().get(0).statistics().stream()
        .filter(s -> s.method().equals("PSI")).mapToDouble(Statistic::value).findFirst().orElseThrow();

    double exact = exactPsi(count(ref, edges), count(cur, edges));
    System.out.printf("PSI %-26s reported %.6f exact %.6f error %.6f%n", name, reported, exact, Math.abs(reported - exact));
    assertThat(reported).as(name).isCloseTo(exact, within(0.005));
  }

  private static double[] draw(DoubleSupplier g) {
    double[] v = new double[N];
    for (int i = 0; i < N; i++) {
      v[i] = g.getAsDouble();
    }
    return v;
  }

  /** Counts in (-inf, e1], (e1, e2], ..., (ek, +inf), by a linear scan independent of production code. */
  private static long[] count(double[] values, double[] edges) {
    long[] c = new long[edges.length + 1];
    for (double v : values) {
      int i = 0;
      while (i < edges.length && v > edges[i]) {
        i++;
      }
      c[i]++;
    }
    return c;
  }

  private static double exactPsi(long[] ref, long[] cur) {
    double psi = 0;
    for (int i = 0; i < ref.length; i++) {
      double r = Math.max((double) ref[i] / N, 1e-4);
      double c = Math.max((double) cur[i] / N, 1e-4);
      psi += (c - r) * Math.log(c / r);
    }
    return psi;
  }
}
