package dev.pqp.bench;

import dev.pqp.profile.NumericProfile;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * A micro-benchmark for a cost rule: the per-event cost of a profile update must not grow
 * with sketch size. It measures nanoseconds per {@link NumericProfile#update(double, boolean)} when the
 * profile's sketch already holds about 10^3 and about 10^6 items, and, in the same run and the same way,
 * a plain {@link KllDoublesSketch#update(double)} as a baseline.
 *
 * <p>Consumes nothing; emits a {@link Result}. Values come from a pre-generated array, so random number
 * generation is not timed. Each round times one batch of updates per case, cases interleaved so that JIT
 * and machine noise hit them alike; the figure per case is the median over rounds, after warm-up rounds.
 * Not a JMH harness: use it to compare the figures of one run, not runs across machines.
 */
public final class ProfileUpdateBench {
  private static final int SMALL = 1_000;
  private static final int LARGE = 1_000_000;
  private static final int VALUES = 1 << 21; // more than LARGE + rounds * batch, so no value repeats early

  /**
   * Median nanoseconds per update in each case.
   *
   * @param profileSmall {@code NumericProfile.update} with about 10^3 items in the sketch
   * @param profileLarge the same with about 10^6 items
   * @param kllSmall plain {@code KllDoublesSketch.update} with about 10^3 items
   * @param kllLarge the same with about 10^6 items
   */
  public record Result(double profileSmall, double profileLarge, double kllSmall, double kllLarge, int k, int batch,
      int rounds) {
    /** Larger over smaller of the two profile figures; "within 20% of each other" means at most 1.2. */
    public double profileRatio() {
      return Math.max(profileSmall, profileLarge) / Math.min(profileSmall, profileLarge);
    }

    /** Large over small: how the per-update cost grows with sketch size; the cost rule asks at most 1.2. */
    public double profileGrowth() {
      return profileLarge / profileSmall;
    }

    /** The same growth for the plain KLL baseline, to tell the sketch's own behaviour from the profile's. */
    public double kllGrowth() {
      return kllLarge / kllSmall;
    }

    public boolean withinTwentyPercent() {
      return profileRatio() <= 1.2;
    }

    public boolean doesNotGrow() {
      return profileGrowth() <= 1.2;
    }

    public String summary() {
      return String.format(Locale.ROOT,
          "ns/update (median of %d rounds x %d updates, k=%d)%n"
              + "  NumericProfile   10^3 items: %7.1f   10^6 items: %7.1f   large/small %.2f%n"
              + "  KllDoublesSketch 10^3 items: %7.1f   10^6 items: %7.1f   large/small %.2f%n"
              + "  profile figures within 20%% of each other: %s; cost grows with size by > 20%%: %s",
          rounds, batch, k, profileSmall, profileLarge, profileGrowth(), kllSmall, kllLarge, kllGrowth(),
          withinTwentyPercent() ? "yes" : "no (ratio " + String.format(Locale.ROOT, "%.2f", profileRatio()) + ")",
          doesNotGrow() ? "no" : "YES");
    }
  }

  private ProfileUpdateBench() {}

  /** Runs with k = 200, batches of 1,000 updates, 100 warm-up and 301 measured rounds. */
  public static Result run() {
    return run(200, 1_000, 100, 301);
  }

  public static Result run(int k, int batch, int warmupRounds, int rounds) {
    double[] values = new SplittableRandom(42).doubles(VALUES).map(u -> 100 * u * u).toArray();
    NumericProfile largeProfile = new NumericProfile(k);
    KllDoublesSketch largeKll = KllDoublesSketch.newHeapInstance(k);
    for (int i = 0; i < LARGE; i++) {
      largeProfile.update(values[i], false);
      largeKll.update(values[i]);
    }
    long[][] ns = new long[4][rounds];
    int offset = LARGE;
    for (int r = -warmupRounds; r < rounds; r++) {
      NumericProfile smallProfile = new NumericProfile(k);
      KllDoublesSketch smallKll = KllDoublesSketch.newHeapInstance(k);
      for (int i = 0; i < SMALL; i++) {
        smallProfile.update(values[i], false);
        smallKll.update(values[i]);
      }
      // wrap within the array; after warm-up the large sketches keep growing past 10^6, never shrinking
      offset = offset + batch > VALUES ? LARGE : offset;
      long a = timeProfile(smallProfile, values, offset, batch);
      long b = timeProfile(largeProfile, values, offset, batch);
      long c = timeKll(smallKll, values, offset, batch);
      long d = timeKll(largeKll, values, offset, batch);
      offset += batch;
      if (r >= 0) {
        ns[0][r] = a;
        ns[1][r] = b;
        ns[2][r] = c;
        ns[3][r] = d;
      }
    }
    return new Result(median(ns[0]) / batch, median(ns[1]) / batch, median(ns[2]) / batch, median(ns[3]) / batch,
        k, batch, rounds);
  }

  private static long timeProfile(NumericProfile p, double[] values, int from, int n) {
    long t0 = System.nanoTime();
    for (int i = from; i < from + n; i++) {
      p.update(values[i], false);
    }
    return System.nanoTime() - t0;
  }

  private static long timeKll(KllDoublesSketch s, double[] values, int from, int n) {
    long t0 = System.nanoTime();
    for (int i = from; i < from + n; i++) {
      s.update(values[i]);
    }
    return System.nanoTime() - t0;
  }

  /** The median of {@code xs}; the micro-benchmarks report it rather than the mean, which outliers move. */
  static double median(long[] xs) {
    long[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }

  /** Prints one run's summary. */
  public static void main(String[] args) {
    System.out.println(run().summary());
  }
}
