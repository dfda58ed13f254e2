package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.KolmogorovSmirnov;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sketch statistics (k = 200) against exact statistics computed here on 10^6 raw values per side.
 * The expected values use only the raw arrays and the formulas below, never the production code
 * (the bin edges come from the sketch, and the exact PSI/JS count raw values into those edges).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NumericDriftAccuracyTest {

  private static final int N = 1_000_000;
  private static final int K = 200;
  private static final double EPS = 1e-4;
  private final StringBuilder report = new StringBuilder();

  Stream<Arguments> pairs() {
    ToDoubleFunction<SplittableRandom> normal = r -> r.nextGaussian();
    return Stream.of(
        Arguments.of("normal vs normal+0.5", normal, (ToDoubleFunction<SplittableRandom>) r -> r.nextGaussian() + 0.5),
        Arguments.of("normal vs normal*1.5", normal, (ToDoubleFunction<SplittableRandom>) r -> 1.5 * r.nextGaussian()),
        Arguments.of("lognormal(0,1) vs lognormal(0.2,1.2)",
            (ToDoubleFunction<SplittableRandom>) r -> Math.exp(r.nextGaussian()),
            (ToDoubleFunction<SplittableRandom>) r -> Math.exp(0.2 + 1.2 * r.nextGaussian())),
        Arguments.of("uniform(-2,2) vs normal",
            (ToDoubleFunction<SplittableRandom>) r -> -2 + 4 * r.nextDouble(), normal),
        Arguments.of("normal vs normal (same distribution)", normal, normal));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void shouldMatchExactStatisticsWithinBounds(
      String name, ToDoubleFunction<SplittableRandom> refDist, ToDoubleFunction<SplittableRandom> curDist) {
    SplittableRandom random = new SplittableRandom(name.hashCode());
    double[] ref = draw(random, refDist);
    double[] cur = draw(random, curDist);
    KllDoublesSketch refSketch = sketch(ref);
    KllDoublesSketch curSketch = sketch(cur);
    Arrays.sort(ref);
    Arrays.sort(cur);

    Estimate ks = KsDistance.of(refSketch, curSketch);
    double exactKs = exactKs(ref, cur);
    BinEdges bins = BinEdges.fromReferenceQuantiles(refSketch);
    double[] r = exactShares(ref, bins.edges());
    double[] c = exactShares(cur, bins.edges());
    PsiResult psiResult = Psi.of(bins, refSketch, curSketch);
    double psi = psiResult.value();
    double exactPsi = exactPsi(r, c);
    double std = exactStd(ref);
    Estimate w = Wasserstein.normalized(refSketch, curSketch, std);
    double exactW = exactW1(ref, cur) / std;
    Estimate js = JensenShannon.of(bins, refSketch, curSketch);
    double exactJs = exactJs(r, c);
    double dsKs = KolmogorovSmirnov.computeKSDelta(refSketch, curSketch);
    report.append(String.format(Locale.ROOT,
        "%-38s KS %.4f err %.5f (bound %.4f; computeKSDelta err %.5f) | PSI %.4f err %.5f (bound %.3f)"
            + " | W1/std %.4f err %.5f (bound %.3f) | JS %.4f err %.5f (bound %.3f)%n",
        name, exactKs, Math.abs(ks.value() - exactKs), ks.errorBound(), Math.abs(dsKs - exactKs),
        exactPsi, Math.abs(psi - exactPsi), psiResult.errorBound(), exactW, Math.abs(w.value() - exactW), w.errorBound(),
        exactJs, Math.abs(js.value() - exactJs), js.errorBound()));

    assertThat(ks.errorBound()).isEqualTo(
        refSketch.getNormalizedRankError(false) + curSketch.getNormalizedRankError(false));
    assertThat(Math.abs(ks.value() - exactKs)).isLessThanOrEqualTo(ks.errorBound());
    assertThat(Math.abs(psi - exactPsi)).isLessThanOrEqualTo(psiResult.errorBound());
    assertThat(Math.abs(w.value() - exactW)).isLessThanOrEqualTo(w.errorBound());
    assertThat(Math.abs(js.value() - exactJs)).isLessThanOrEqualTo(js.errorBound());
  }

  @AfterAll
  void printReport() {
    System.out.print(report);
  }

  private static double[] draw(SplittableRandom random, ToDoubleFunction<SplittableRandom> dist) {
    double[] values = new double[N];
    for (int i = 0; i < N; i++) {
      values[i] = dist.applyAsDouble(random);
    }
    return values;
  }

  private static KllDoublesSketch sketch(double[] values) {
    KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(K);
    for (double v : values) {
      sketch.update(v);
    }
    return sketch;
  }

  /** sup_x |F(x) - G(x)| over all sample points, on sorted arrays. */
  private static double exactKs(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < a.length || j < b.length) {
      double x = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      while (i < a.length && a[i] <= x) {
        i++;
      }
      while (j < b.length && b[j] <= x) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
    }
    return d;
  }

  /** integral |F(x) - G(x)| dx of the two empirical CDFs, on sorted arrays. */
  private static double exactW1(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    double area = 0;
    double previous = Math.min(a[0], b[0]);
    double fa = 0;
    double fb = 0;
    while (i < a.length || j < b.length) {
      double x = j == b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
      area += Math.abs(fa - fb) * (x - previous);
      while (i < a.length && a[i] <= x) {
        i++;
      }
      while (j < b.length && b[j] <= x) {
        j++;
      }
      fa = (double) i / a.length;
      fb = (double) j / b.length;
      previous = x;
    }
    return area;
  }

  /** Share of sorted values in (-inf, e1], (e1, e2], ..., (ek, +inf). */
  private static double[] exactShares(double[] sorted, double[] edges) {
    double[] shares = new double[edges.length + 1];
    int below = 0;
    for (int e = 0; e < edges.length; e++) {
      int upTo = countAtMost(sorted, edges[e]);
      shares[e] = (double) (upTo - below) / sorted.length;
      below = upTo;
    }
    shares[edges.length] = (double) (sorted.length - below) / sorted.length;
    return shares;
  }

  private static int countAtMost(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static double exactPsi(double[] r, double[] c) {
    double psi = 0;
    for (int i = 0; i < r.length; i++) {
      double ri = Math.max(r[i], EPS);
      double ci = Math.max(c[i], EPS);
      psi += (ci - ri) * Math.log(ci / ri);
    }
    return psi;
  }

  private static double exactJs(double[] p, double[] q) {
    double jsd = 0;
    for (int i = 0; i < p.length; i++) {
      double m = (p[i] + q[i]) / 2;
      jsd += (p[i] > 0 ? 0.5 * p[i] * Math.log(p[i] / m) : 0) + (q[i] > 0 ? 0.5 * q[i] * Math.log(q[i] / m) : 0);
    }
    return Math.sqrt(jsd / Math.log(2));
  }

  private static double exactStd(double[] values) {
    double mean = Arrays.stream(values).sum() / values.length;
    double ss = 0;
    for (double v : values) {
      ss += (v - mean) * (v - mean);
    }
    return Math.sqrt(ss / (values.length - 1));
  }
}
