package dev.pqp.profile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.event.FeatureLog;
import dev.pqp.event.FeatureValues;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A profile fed {@link FeatureValues} (the unboxed visitor path) is the profile fed the same features as a
 * {@link HashMap} (the boxed path), to the last byte of {@link ProfileCodec}: names whose kind changes from event to
 * event, nulls before and after a kind is known, NaN, infinities, -0.0, longs past 2^53, categories past the cap,
 * reference bins, out-of-range and unseen answers, and names past the feature cap.
 *
 * <p>Below KLL's first compaction (k above the values of any one sketch): a compaction draws from one Random that
 * DataSketches shares between all sketches, so past it two profiles of the same values differ as soon as their
 * sketches are updated in another order, or another profile is updated in between.
 */
class UnboxedFeaturesTest {
  /** Answers that depend on the feature and the value, and bins for some features. */
  private static final FeatureBounds BOUNDS = new FeatureBounds() {
    @Override
    public boolean outOfRange(String feature, double value) {
      return Math.abs(value) > 3 + feature.length();
    }

    @Override
    public boolean unseen(String feature, String category) {
      return Math.floorMod(category.hashCode() * 31 + feature.hashCode(), 3) == 0;
    }

    @Override
    public double[] binEdges(String feature) {
      return feature.hashCode() % 2 == 0 ? new double[] {-2, -1, 0, 1, 2} : null; // f0, f2, ...
    }
  };

  @Test
  void shouldProfileFeatureValuesToTheBytesOfTheSameMap() {
    assertSameBytes(new ProfileConfig(8_192, 1_000, 1_024, 200), 1, false);
  }

  @Test
  void shouldProfileFeatureValuesInAnotherOrderToTheBytesOfTheSameMapUnderTheFeatureCap() {
    assertSameBytes(new ProfileConfig(8_192, 1_000, 1_024, 200), 3, true);
  }

  @Test
  void shouldProfileFeatureValuesToTheBytesOfTheSameMapPastTheFeatureAndCategoryCaps() {
    assertSameBytes(new ProfileConfig(8_192, 4, 8, 9), 2, false);
  }

  /** With {@code sorted}, the values come in their names' order, not the map's (as a JSON reader gives them). */
  private static void assertSameBytes(ProfileConfig config, long seed, boolean sorted) {
    SplittableRandom r = new SplittableRandom(seed);
    WindowProfile boxed = new WindowProfile(config);
    WindowProfile unboxed = new WindowProfile(config);
    for (int i = 0; i < 5_000; i++) {
      Map<String, Object> features = features(r);
      // in the map's order unless sorted: past the feature cap, the order says which names are kept
      FeatureValues values = FeatureValues.copyOf(sorted ? new TreeMap<>(features) : features);
      long ts = 1_700_000_000_000L + r.nextInt(300_000);
      if (r.nextInt(5) == 0) {
        boxed.add(new FeatureLog("m", "1", null, ts, features), ts + 1_000, BOUNDS, false);
        unboxed.add(new FeatureLog("m", "1", null, ts, values), ts + 1_000, BOUNDS, false);
      } else {
        boxed.add(prediction(ts, features), ts + 1_000, BOUNDS, i % 97 == 0);
        unboxed.add(prediction(ts, values), ts + 1_000, BOUNDS, i % 97 == 0);
      }
    }

    assertThat(unboxed.features()).isNotEmpty();
    assertThat(ProfileCodec.encode(unboxed)).isEqualTo(ProfileCodec.encode(boxed));
  }

  private static Prediction prediction(long ts, Map<String, Object> features) {
    return new Prediction("p", "m", "1", ts, features, new Output(0.5, null, null, null), null, null, null, null);
  }

  /**
   * Up to 14 of 16 names; each name favours a kind but now and then has another, or null (f12 to f15 half the time,
   * so that some are null before their kind is known); and now and then z0 or z1, always null.
   */
  private static Map<String, Object> features(SplittableRandom r) {
    Map<String, Object> f = new HashMap<>();
    int n = r.nextInt(15);
    for (int i = 0; i < n; i++) {
      int name = r.nextInt(16);
      int kind = name >= 12 && r.nextBoolean() ? 4 : r.nextInt(10) < 8 ? name % 4 : r.nextInt(5);
      f.put("f" + name, switch (kind) {
        case 0 -> number(r);
        case 1 -> r.nextInt(4) == 0 ? Long.MAX_VALUE - r.nextInt(1_000) : (long) r.nextInt(-5, 6);
        case 2 -> "c" + r.nextInt(12);
        case 3 -> r.nextBoolean();
        default -> null;
      });
    }
    if (r.nextInt(8) == 0) {
      f.put("z" + r.nextInt(2), null);
    }
    return f;
  }

  private static Double number(SplittableRandom r) {
    return switch (r.nextInt(20)) {
      case 0 -> Double.NaN;
      case 1 -> r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
      case 2 -> -0.0;
      default -> r.nextGaussian() * 3;
    };
  }
}
