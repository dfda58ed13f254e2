package dev.pqp.action;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one finalized window of a version tells the action rules.
 *
 * @param driftShare the share of its evaluated features that drifted; null when none was evaluated (no reference
 *     yet, too few values), which neither continues nor breaks a streak
 * @param driftedFeatures the drifted features with their drift scores, by name
 * @param accuracy the window's accuracy against its version's baseline, for the accuracy-drop actions; null otherwise
 */
public record WindowEvidence(long windowStart, long windowEnd, Double driftShare, Map<String, Double> driftedFeatures,
    AccuracyEvidence accuracy) {
  public WindowEvidence {
    driftedFeatures = java.util.Collections.unmodifiableMap(new TreeMap<>(driftedFeatures));
  }

  /** A window's drift evidence. */
  public WindowEvidence(long windowStart, long windowEnd, Double driftShare, Map<String, Double> driftedFeatures) {
    this(windowStart, windowEnd, driftShare, driftedFeatures, null);
  }

  /** A window's accuracy evidence. */
  public static WindowEvidence of(long windowStart, long windowEnd, AccuracyEvidence accuracy) {
    return new WindowEvidence(windowStart, windowEnd, null, Map.of(), accuracy);
  }
}
