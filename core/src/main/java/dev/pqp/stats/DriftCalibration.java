package dev.pqp.stats;

import dev.pqp.stats.DriftMethod.FeatureType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Measures every {@link DriftMethod} at its default threshold on simulated data, for {@code pqp
 * calibrate}. The numeric feature is N(0, 1); the categorical feature buckets the same draw into
 * {@value #CATEGORIES} categories of width 0.25 sigma over [-2.5, 2.5] (tails clipped into the end
 * buckets). The reference is {@value #REFERENCE_SIZE} draws in a KLL sketch of k = {@value #REFERENCE_K}
 * with decile bins; each window is fresh draws in a sketch of k = {@value #K}, and, as pqp does once a
 * reference is known, counts its values exactly into the reference's bins for PSI and Jensen-Shannon.
 *
 * <ul>
 *   <li>false-positive rate: share of {@code windows} stationary windows flagged;
 *   <li>detection: share of {@code max(1, windows / 5)} windows drawn after a 0.5-sigma mean shift
 *       that are flagged, each being the first window of the shift.
 * </ul>
 */
public final class DriftCalibration {

  /** Reference draws. */
  public static final int REFERENCE_SIZE = 100_000;
  /** KLL accuracy parameter of every simulated window sketch. */
  public static final int K = 200;

  /** k of the reference sketch, as pqp builds training references (ReferenceBuilder). */
  public static final int REFERENCE_K = 2000;
  /** Categories of the categorical feature. */
  public static final int CATEGORIES = 20;
  /** Mean shift of the drifted windows, in reference standard deviations. */
  public static final double SHIFT = 0.5;

  private DriftCalibration() {}

  /**
   * One method on one feature type.
   *
   * @param worstStationary the stationary score closest to drift (max, or min for p-values)
   * @param worstShifted the shifted score furthest from drift
   */
  public record Row(
      DriftMethod method, FeatureType type, double threshold, double falsePositiveRate,
      double detectionRate, double meanStationary, double worstStationary, double meanShifted,
      double worstShifted) {}

  /** All rows of one run; {@link #toString()} prints them as a table. */
  public record Result(long seed, int windows, int shiftedWindows, int eventsPerWindow, List<Row> rows) {

    public Result {
      rows = List.copyOf(rows);
    }

    /** The row of a method and feature type, or null. */
    public Row row(DriftMethod method, FeatureType type) {
      return rows.stream().filter(r -> r.method() == method && r.type() == type).findFirst().orElse(null);
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
          "drift calibration: seed %d, reference %d, %d stationary + %d shifted (%.1f sigma) windows"
              + " of %d events%n", seed, REFERENCE_SIZE, windows, shiftedWindows, SHIFT, eventsPerWindow));
      s.append(String.format(Locale.ROOT, "%-15s %-11s %9s %7s %7s %12s %12s %12s %12s%n", "method", "type",
          "threshold", "FPR", "detect", "mean stat.", "worst stat.", "mean shift", "worst shift"));
      for (Row r : rows) {
        s.append(String.format(Locale.ROOT, "%-15s %-11s %9.3g %6.2f%% %6.1f%% %12.4g %12.4g %12.4g %12.4g%n",
            r.method(), r.type(), r.threshold(), 100 * r.falsePositiveRate(), 100 * r.detectionRate(),
            r.meanStationary(), r.worstStationary(), r.meanShifted(), r.worstShifted()));
      }
      return s.toString();
    }
  }

  /**
   * Runs the simulation; deterministic for a seed.
   *
   * @throws IllegalArgumentException if windows or eventsPerWindow is below 1
   */
  public static Result run(long seed, int windows, int eventsPerWindow) {
    if (windows < 1 || eventsPerWindow < 1) {
      throw new IllegalArgumentException("windows and eventsPerWindow must be >= 1");
    }
    SplittableRandom random = new SplittableRandom(seed);
    Sample reference = Sample.draw(random, REFERENCE_SIZE, 0.0, REFERENCE_K, null);
    BinEdges bins = BinEdges.fromReferenceQuantiles(reference.sketch());
    double std = reference.std();
    int shifted = Math.max(1, windows / 5);
    double[][] stationary = new double[windows][];
    double[][] drifted = new double[shifted][];
    for (int w = 0; w < windows; w++) {
      stationary[w] = scores(reference, Sample.draw(random, eventsPerWindow, 0.0, K, bins), bins, std);
    }
    for (int w = 0; w < shifted; w++) {
      drifted[w] = scores(reference, Sample.draw(random, eventsPerWindow, SHIFT, K, bins), bins, std);
    }
    List<Row> rows = new ArrayList<>();
    for (int m = 0; m < METHODS.length; m++) {
      rows.add(row(METHODS[m], TYPES[m], stationary, drifted, m));
    }
    return new Result(seed, windows, shifted, eventsPerWindow, rows);
  }

  private static final DriftMethod[] METHODS = {
    DriftMethod.PSI, DriftMethod.KS, DriftMethod.WASSERSTEIN, DriftMethod.JENSEN_SHANNON,
    DriftMethod.PSI, DriftMethod.JENSEN_SHANNON, DriftMethod.L_INFINITY, DriftMethod.CHI_SQUARE
  };
  private static final FeatureType[] TYPES = {
    FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.NUMERIC, FeatureType.NUMERIC,
    FeatureType.CATEGORICAL, FeatureType.CATEGORICAL, FeatureType.CATEGORICAL, FeatureType.CATEGORICAL
  };

  /** Scores in the order of {@link #METHODS}. */
  private static double[] scores(Sample ref, Sample cur, BinEdges bins, double std) {
    return new double[] {
      Psi.of(bins, ref.sketch(), cur.binCounts()).value(),
      KsDistance.of(ref.sketch(), cur.sketch()).value(),
      Wasserstein.normalized(ref.sketch(), cur.sketch(), std).value(),
      JensenShannon.of(bins, ref.sketch(), cur.binCounts()).value(),
      CategoricalDrift.psi(ref.categories(), cur.categories()).value(),
      CategoricalDrift.jensenShannon(ref.categories(), cur.categories()),
      CategoricalDrift.lInfinity(ref.categories(), cur.categories()),
      ChiSquare.test(ref.categories(), cur.categories()).driftScore()
    };
  }

  private static Row row(DriftMethod method, FeatureType type, double[][] stationary, double[][] shifted, int m) {
    boolean below = method.direction() == DriftMethod.Direction.BELOW;
    double fp = 0;
    double sumS = 0;
    double worstS = below ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    for (double[] s : stationary) {
      fp += method.isDrift(s[m]) ? 1 : 0;
      sumS += s[m];
      worstS = below ? Math.min(worstS, s[m]) : Math.max(worstS, s[m]);
    }
    double tp = 0;
    double sumD = 0;
    double worstD = below ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    for (double[] s : shifted) {
      tp += method.isDrift(s[m]) ? 1 : 0;
      sumD += s[m];
      worstD = below ? Math.max(worstD, s[m]) : Math.min(worstD, s[m]);
    }
    return new Row(method, type, method.defaultThreshold(), fp / stationary.length, tp / shifted.length,
        sumS / stationary.length, worstS, sumD / shifted.length, worstD);
  }

  /**
   * One simulated sample: the numeric sketch, its exact std, the bucketed category counts and, for a
   * window, exact counts in the reference's bins, as pqp counts a window whose reference is known.
   */
  private record Sample(KllDoublesSketch sketch, double std, CategoryCounts categories, long[] binCounts) {

    static Sample draw(SplittableRandom random, int n, double shift, int k, BinEdges bins) {
      KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(k);
      double[] edges = bins == null ? null : bins.edges();
      long[] binCounts = bins == null ? null : new long[edges.length + 1];
      long[] buckets = new long[CATEGORIES];
      double mean = 0;
      double m2 = 0;
      for (int i = 1; i <= n; i++) {
        double x = random.nextGaussian() + shift;
        sketch.update(x);
        if (binCounts != null) {
          int j = 0;
          while (j < edges.length && x > edges[j]) {
            j++;
          }
          binCounts[j]++;
        }
        double delta = x - mean;
        mean += delta / i;
        m2 += delta * (x - mean);
        int b = (int) Math.floor((x + 2.5) / 0.25);
        buckets[Math.max(0, Math.min(CATEGORIES - 1, b))]++;
      }
      Map<String, Long> counts = new HashMap<>();
      for (int b = 0; b < CATEGORIES; b++) {
        if (buckets[b] > 0) {
          counts.put(String.format(Locale.ROOT, "c%02d", b), buckets[b]);
        }
      }
      return new Sample(sketch, n > 1 ? Math.sqrt(m2 / (n - 1)) : 0.0, CategoryCounts.of(counts), binCounts);
    }
  }
}
