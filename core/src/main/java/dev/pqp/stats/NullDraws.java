package dev.pqp.stats;

import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A drift statistic on windows of {@code n} values drawn from the reference itself, scored as pqp scores a window:
 * the draws behind a null distribution, the same on every instance for the same reference. Binned (PSI, Jensen-Shannon of a numeric feature): the window counted into
 * the reference's bins, as stage 1 counts it once it knows the reference. Sketched (KS, Wasserstein): values drawn
 * from the reference's quantile sketch into a window sketch. Categorical: drawn from the reference's shares of its
 * categories and the rest. Each statistic is the value pqp's own function gives ({@link Psi}, {@link JensenShannon},
 * {@link CategoricalDrift}), computed on the shares directly; the buckets are drawn in constant time each (Walker's
 * alias method).
 */
public final class NullDraws {
  private NullDraws() {}

  /** PSI or the Jensen-Shannon distance of {@code draws} windows counted into {@code bins} reference bins. */
  public static double[] binned(DriftMethod method, KllDoublesSketch reference, int bins, int n, int draws,
      SplittableRandom r) {
    BinEdges edges = BinEdges.fromReferenceQuantiles(reference, bins);
    return onShares(method, edges.shares(reference), n, draws, r);
  }

  /** KS, or Wasserstein in reference standard deviations {@code sigma}, of windows sketched at {@code windowK}. */
  public static double[] sketched(DriftMethod method, KllDoublesSketch reference, double sigma, int windowK, int n,
      int draws, SplittableRandom r) {
    double[] out = new double[draws];
    // a window sketch large enough to keep every value: a sketch compacts at random, and the null must be the
    // same on every instance (it models the window's sampling noise, not its sketch's)
    int k = Math.max(windowK, n + 8);
    for (int i = 0; i < draws; i++) {
      KllDoublesSketch window = KllDoublesSketch.newHeapInstance(k);
      for (int j = 0; j < n; j++) {
        window.update(reference.getQuantile(r.nextDouble()));
      }
      out[i] = method == DriftMethod.KS ? KsDistance.of(reference, window).value()
          : Wasserstein.normalized(reference, window, sigma).value();
    }
    return out;
  }

  /**
   * KS of windows drawn from a uniform reference of 4,096 evenly spread values, kept whole: the null of KS for every
   * continuous feature, which does not depend on its distribution.
   */
  public static double[] ksOnUniform(int windowK, int n, int draws, SplittableRandom r) {
    return sketched(DriftMethod.KS, uniform(), 1, windowK, n, draws, r);
  }

  private static final int UNIFORM = 4096;

  /** A fresh one per call (tens of microseconds): a sketch builds its sorted view lazily, unsafe to share. */
  private static KllDoublesSketch uniform() {
    KllDoublesSketch s = KllDoublesSketch.newHeapInstance(UNIFORM + 8);
    for (int i = 0; i < UNIFORM; i++) {
      s.update((i + 0.5) / UNIFORM);
    }
    return s;
  }

  /** PSI, the Jensen-Shannon distance or L-infinity of windows drawn from the (collapsed) reference counts. */
  public static double[] categorical(DriftMethod method, CategoryCounts reference, int n, int draws,
      SplittableRandom r) {
    double[] shares = reference.sortedShares();
    return onShares(method, shares, n, draws, r);
  }

  /** PSI, the Jensen-Shannon distance or L-infinity of windows drawn from {@code reference} shares. */
  public static double[] onShares(DriftMethod method, double[] reference, int n, int draws, SplittableRandom r) {
    Alias alias = new Alias(reference);
    double[] out = new double[draws];
    long[] counts = new long[reference.length];
    double[] current = new double[reference.length];
    for (int i = 0; i < draws; i++) {
      java.util.Arrays.fill(counts, 0);
      for (int j = 0; j < n; j++) {
        counts[alias.draw(r)]++;
      }
      for (int b = 0; b < counts.length; b++) {
        current[b] = counts[b] / (double) n;
      }
      out[i] = switch (method) {
        case PSI -> Psi.value(reference, current, Psi.DEFAULT_EPSILON);
        case JENSEN_SHANNON -> JensenShannon.distance(reference, current);
        case L_INFINITY -> CategoricalDrift.lInfinity(reference, current);
        default -> throw new IllegalArgumentException(method + " is not a statistic of shares");
      };
    }
    return out;
  }

  /** Walker's alias table: a bucket drawn by its share with one uniform number. */
  private static final class Alias {
    private final double[] keep;
    private final int[] other;

    Alias(double[] shares) {
      int b = shares.length;
      double sum = 0;
      for (double s : shares) {
        sum += s;
      }
      keep = new double[b];
      other = new int[b];
      int[] small = new int[b];
      int[] large = new int[b];
      int ns = 0;
      int nl = 0;
      double[] scaled = new double[b];
      for (int i = 0; i < b; i++) {
        scaled[i] = shares[i] * b / sum;
        if (scaled[i] < 1) {
          small[ns++] = i;
        } else {
          large[nl++] = i;
        }
      }
      while (ns > 0 && nl > 0) {
        int s = small[--ns];
        int l = large[--nl];
        keep[s] = scaled[s];
        other[s] = l;
        scaled[l] -= 1 - scaled[s];
        if (scaled[l] < 1) {
          small[ns++] = l;
        } else {
          large[nl++] = l;
        }
      }
      while (nl > 0) {
        keep[large[--nl]] = 1;
      }
      while (ns > 0) {
        keep[small[--ns]] = 1; // rounding left it a hair below 1
      }
    }

    int draw(SplittableRandom r) {
      double u = r.nextDouble() * keep.length;
      int i = (int) u;
      return u - i < keep[i] ? i : other[i];
    }
  }
}
