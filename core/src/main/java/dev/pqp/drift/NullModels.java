package dev.pqp.drift;

import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.NumericProfile;
import dev.pqp.stats.CategoryCounts;
import dev.pqp.stats.DriftMethod;
import dev.pqp.stats.NullDraws;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The {@link NullDistribution} of each (reference, feature, primary method) at a window's size: {@value #DRAWS}
 * windows drawn from the reference itself, scored as pqp scores a window ({@link NullDraws}).
 *
 * <p>Computed once per size on a grid of ratio sqrt 2 from {@code 32} to {@code 512} values (the nearest point
 * read at the window's own size by the statistic's scale; larger windows from the top point, where sampling noise
 * is far below any effect threshold) and kept for the next windows, at most {@value #MAX_ENTRIES} entries,
 * least recently used dropped. The draws are seeded by the key, so that every instance and every re-evaluation
 * reaches the same verdict. Thread-safe.
 */
public final class NullModels {
  static final int DRAWS = 1000;
  static final long[] GRID = {32, 45, 64, 91, 128, 181, 256, 362, 512};
  private static final int MAX_ENTRIES = 20_000;
  static final int POOLED_STEPS = 50;
  private static final int MAX_POOLED = 2_000;

  private record Key(String reference, String feature, DriftMethod method, long n) {}

  private final Map<Key, NullDistribution> cache = lru(MAX_ENTRIES);
  /** The pooled nulls of two windows apart: they come and go with the windows, and must not evict the others. */
  private final Map<Key, NullDistribution> pooledCache = lru(MAX_POOLED);

  private static Map<Key, NullDistribution> lru(int max) {
    return new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<Key, NullDistribution> eldest) {
        return size() > max;
      }
    };
  }

  /** How many null distributions of references are kept (the pooled ones of two windows apart). */
  public int size() {
    synchronized (cache) {
      return cache.size();
    }
  }

  /** The statistic's sampling scale: 1 for PSI, 1/2 for distances; NaN where no null is drawn (chi-square). */
  static double exponent(DriftMethod method) {
    return switch (method) {
      case PSI -> 1.0;
      case KS, WASSERSTEIN, JENSEN_SHANNON, L_INFINITY -> 0.5;
      case CHI_SQUARE -> Double.NaN;
    };
  }

  /** The grid size nearest to {@code n} in log scale. */
  static long gridSize(long n) {
    int g = (int) Math.round(2 * Math.log(Math.max(1, n) / (double) GRID[0]) / Math.log(2));
    return GRID[Math.max(0, Math.min(GRID.length - 1, g))];
  }

  /** The null of a numeric feature's {@code method} for windows of about {@code n} values; null for chi-square. */
  public NullDistribution numeric(String reference, String feature, DriftMethod method, NumericProfile ref, int bins,
      int windowK, long n) {
    if (method == DriftMethod.KS) {
      // KS of a continuous feature does not depend on its distribution: one null per size for every feature, drawn
      // on a uniform reference (a feature with ties reads lower under no drift: its verdict is the more cautious)
      return ks(windowK, n);
    }
    return cached(new Key(reference, feature, method, gridSize(n)), key -> drawNumeric(key, ref, bins, windowK));
  }

  /** The null of {@code method} over fixed buckets whose reference shares are {@code shares}; null for chi-square. */
  public NullDistribution shares(String reference, String feature, DriftMethod method, double[] shares, long n) {
    return cached(new Key(reference, feature, method, gridSize(n)),
        key -> NullDraws.onShares(method, shares, (int) key.n(), DRAWS, random(key)));
  }

  /**
   * The null of {@code method} over fixed buckets or classes with {@code shares} that are themselves measured (two
   * windows pooled): the shares rounded to multiples of 1/{@value #POOLED_STEPS} (a bucket with any share keeps at
   * least one), which key the draw, so that windows whose mixes differ by little share one null; kept apart from
   * the references' nulls, at most {@value #MAX_POOLED}.
   */
  public NullDistribution pooled(String feature, DriftMethod method, double[] shares, long n) {
    int[] steps = new int[shares.length];
    StringBuilder key = new StringBuilder("pooled:");
    for (int i = 0; i < shares.length; i++) {
      steps[i] = shares[i] > 0 ? Math.max(1, (int) Math.round(shares[i] * POOLED_STEPS)) : 0;
      key.append(steps[i]).append(',');
    }
    double[] rounded = new double[steps.length];
    double sum = java.util.Arrays.stream(steps).sum();
    for (int i = 0; i < steps.length; i++) {
      rounded[i] = steps[i] / sum;
    }
    return cached(pooledCache, new Key(key.toString(), feature, method, gridSize(n)),
        k -> NullDraws.onShares(method, rounded, (int) k.n(), DRAWS, random(k)));
  }

  /** The null of KS between two sketches, the window's of {@code windowK}, for every continuous distribution. */
  public NullDistribution ks(int windowK, long n) {
    return cached(new Key("uniform/k=" + windowK, "", DriftMethod.KS, gridSize(n)),
        key -> NullDraws.ksOnUniform(windowK, (int) key.n(), DRAWS, random(key)));
  }

  /** The null of a categorical feature's {@code method} over the reference's top categories; null for chi-square. */
  public NullDistribution categorical(String reference, String feature, DriftMethod method, CategoricalProfile ref,
      Supplier<Set<String>> kept, long n) {
    return cached(new Key(reference, feature, method, gridSize(n)), key -> drawCategorical(key, ref, kept.get()));
  }

  private NullDistribution cached(Key key, java.util.function.Function<Key, double[]> draw) {
    return cached(cache, key, draw);
  }

  private static NullDistribution cached(Map<Key, NullDistribution> cache, Key key,
      java.util.function.Function<Key, double[]> draw) {
    if (Double.isNaN(exponent(key.method()))) {
      return null;
    }
    synchronized (cache) {
      NullDistribution known = cache.get(key);
      if (known != null) {
        return known;
      }
    }
    // drawn outside the lock: two threads may draw the same key, with the same seed, to the same result
    NullDistribution d = NullDistribution.of(draw.apply(key), key.n(), exponent(key.method()));
    synchronized (cache) {
      cache.put(key, d);
    }
    return d;
  }

  private static SplittableRandom random(Key key) {
    // from the strings and numbers only (an enum's hash code differs between processes)
    long seed = 31L * (31L * (31L * key.reference().hashCode() + key.feature().hashCode())
        + key.method().name().hashCode()) + key.n();
    return new SplittableRandom(seed * 0x9E3779B97F4A7C15L);
  }

  private static double[] drawNumeric(Key key, NumericProfile ref, int bins, int windowK) {
    int n = (int) key.n();
    if (key.method() == DriftMethod.PSI || key.method() == DriftMethod.JENSEN_SHANNON) {
      return NullDraws.binned(key.method(), ref.sketch(), bins, n, DRAWS, random(key));
    }
    return NullDraws.sketched(key.method(), ref.sketch(), ref.moments().stddev(), windowK, n, DRAWS, random(key));
  }

  private static double[] drawCategorical(Key key, CategoricalProfile ref, Set<String> kept) {
    CategoryCounts reference = CategoricalEvaluation.collapse(CategoricalEvaluation.counts(ref), kept);
    return NullDraws.categorical(key.method(), reference, (int) key.n(), DRAWS, random(key));
  }
}
