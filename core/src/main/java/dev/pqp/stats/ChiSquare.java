package dev.pqp.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;

/**
 * Pearson's chi-square test that the reference and current counts come from the same categorical
 * distribution, with Cohen's w as its effect size.
 *
 * <p>The test is the 2 x k test of homogeneity: the expected count of category j on side i is
 * {@code n_i * (R_j + C_j) / N} from the pooled shares. It is used instead of a goodness-of-fit test
 * against reference shares taken as exact because the reference is itself a sample (often only a
 * few windows, when it is automatic): treating its shares as exact inflates the statistic by about
 * {@code 1 + n_cur / n_ref} and the false-alarm rate with it. For a very large reference the two
 * tests coincide. The pooled expectation is also positive for categories unseen in the reference.
 *
 * <p>Categories whose smaller expected count is below {@code minExpected} (default {@value
 * #DEFAULT_MIN_EXPECTED}, the usual rule) are merged into one bin, smallest first, until that bin's
 * expected counts reach it too; degrees of freedom are the remaining bins minus one.
 *
 * <p>Large samples make every difference significant, so a p-value alone is no drift signal: at
 * 10,000 events per window against 100,000 reference events, a shift with PSI near 0.01 already has
 * {@code p < 1e-10}. {@link ChiSquareResult#driftScore(double)} therefore reports the p-value only
 * when the effect size reaches {@value #DEFAULT_MIN_EFFECT_SIZE} and 1 otherwise; with the default
 * threshold {@code p < 0.01} of {@link DriftMethod#CHI_SQUARE} small samples are guarded by the
 * p-value and large ones by the effect size.
 */
public final class ChiSquare {

  /** Minimum expected count per bin before merging. */
  public static final double DEFAULT_MIN_EXPECTED = 5.0;

  /**
   * Cohen's w below which a difference does not count as drift: 0.3 ("medium" in Cohen's scale),
   * about PSI 0.1, the conventional start of a moderate shift.
   */
  public static final double DEFAULT_MIN_EFFECT_SIZE = 0.3;

  private ChiSquare() {}

  /** The test with {@link #DEFAULT_MIN_EXPECTED}. */
  public static ChiSquareResult test(CategoryCounts reference, CategoryCounts current) {
    return test(reference, current, DEFAULT_MIN_EXPECTED);
  }

  /**
   * Chi-square test of homogeneity of reference and current counts.
   *
   * @param minExpected smallest expected count a bin may have, {@code >= 0}
   * @return statistic, degrees of freedom, p-value ({@code 1 - CDF} of the chi-square distribution,
   *     1 when fewer than two bins remain), Cohen's {@code w = sqrt(stat * N / (n_ref * n_cur))} =
   *     {@code sqrt(sum_j (r_j - c_j)^2 / pooled_j)} which does not grow with the sample size, and
   *     the labels merged into one bin
   * @throws IllegalArgumentException if either side has a zero total
   */
  public static ChiSquareResult test(CategoryCounts reference, CategoryCounts current, double minExpected) {
    if (!(minExpected >= 0)) {
      throw new IllegalArgumentException("minExpected must be >= 0, was " + minExpected);
    }
    AlignedCounts a = AlignedCounts.of(reference, current);
    long[] r = a.reference();
    long[] c = a.current();
    double nr = AlignedCounts.sum(r);
    double nc = AlignedCounts.sum(c);
    double n = nr + nc;
    // expected_ij = n_i * col_j / N, so the smaller side's expectation reaches minExpected iff:
    double minColumn = minExpected * n / Math.min(nr, nc);
    List<Integer> order = IntStream.range(0, r.length).boxed()
        .sorted(Comparator.comparingLong((Integer j) -> r[j] + c[j]).thenComparing(j -> j))
        .toList();
    List<String> merged = new ArrayList<>();
    long poolR = 0;
    long poolC = 0;
    double stat = 0.0;
    int bins = 0;
    for (int j : order) {
      long column = r[j] + c[j];
      long pool = poolR + poolC;
      if (column < minColumn || (pool > 0 && pool < minColumn)) {
        poolR += r[j];
        poolC += c[j];
        merged.add(a.labels().get(j));
      } else {
        stat += cell(r[j], nr * column / n) + cell(c[j], nc * column / n);
        bins++;
      }
    }
    if (poolR + poolC > 0) {
      long pool = poolR + poolC;
      stat += cell(poolR, nr * pool / n) + cell(poolC, nc * pool / n);
      bins++;
    }
    if (merged.size() < 2) {
      merged = List.of(); // a single category "merged" with nothing is just a bin
    }
    int df = bins - 1;
    double p = df < 1 ? 1.0 : 1.0 - new ChiSquaredDistribution(null, df).cumulativeProbability(stat);
    double w = df < 1 ? 0.0 : Math.sqrt(stat * n / (nr * nc));
    return new ChiSquareResult(df < 1 ? 0.0 : stat, df, Math.max(0.0, p), w, merged);
  }

  private static double cell(double observed, double expected) {
    double d = observed - expected;
    return d * d / expected;
  }
}
