package dev.pqp.profile;

/**
 * The knobs that bound a profile's size and accuracy. They travel with the encoded profile, so a
 * profile restored from a store keeps behaving as it did before.
 *
 * @param kllK KLL accuracy parameter: normalized rank error about 1.65 / k (k = 200: 1.33 %); 8..65535
 * @param categoryCap distinct categories counted exactly before new ones go to a frequent-items sketch
 * @param frequentItemsMapSize maximum map size of that sketch, a power of two ≥ 8; its error bound is
 *     about 3.5 / mapSize of the tail count
 * @param maxFeatures feature names stored per window profile; further names are counted, not stored
 */
public record ProfileConfig(int kllK, int categoryCap, int frequentItemsMapSize, int maxFeatures) {
  /** k = 200, 1,000 exact categories, frequent-items map of 1,024, 200 features. */
  public static final ProfileConfig DEFAULT = new ProfileConfig(200, 1_000, 1_024, 200);

  public ProfileConfig {
    if (kllK < 8 || kllK > 65_535) {
      throw new IllegalArgumentException("kllK must be in [8, 65535]: " + kllK);
    }
    if (categoryCap < 0) {
      throw new IllegalArgumentException("categoryCap must be >= 0: " + categoryCap);
    }
    if (frequentItemsMapSize < 8 || Integer.bitCount(frequentItemsMapSize) != 1) {
      throw new IllegalArgumentException("frequentItemsMapSize must be a power of two >= 8: " + frequentItemsMapSize);
    }
    if (maxFeatures < 0) {
      throw new IllegalArgumentException("maxFeatures must be >= 0: " + maxFeatures);
    }
  }

  public ProfileConfig withKllK(int k) {
    return new ProfileConfig(k, categoryCap, frequentItemsMapSize, maxFeatures);
  }

  public ProfileConfig withCategoryCap(int cap) {
    return new ProfileConfig(kllK, cap, frequentItemsMapSize, maxFeatures);
  }

  public ProfileConfig withMaxFeatures(int max) {
    return new ProfileConfig(kllK, categoryCap, frequentItemsMapSize, max);
  }
}
