package dev.pqp.drift;

import dev.pqp.profile.FeatureProfile;
import java.util.Map;

/**
 * A window's short features merged with the consecutive windows before it, for a low-traffic version: a feature with
 * fewer than {@code drift.min-count} values in its window gets its verdict on the merge, marked with the span it
 * covers.
 *
 * @param features each short feature's profile in the window merged with those of the windows before it
 * @param start the start of the earliest window merged
 * @param windows how many windows were merged, the window itself included
 */
public record MergedSpan(Map<String, FeatureProfile> features, long start, int windows) {
  public MergedSpan {
    features = Map.copyOf(features);
  }
}
