package dev.pqp.action;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one finalized window of a version tells the action rules.
 *
 * @param driftShare the share of its evaluated features that drifted; null when none was evaluated (no reference
 *     yet, too few values), which neither continues nor breaks a streak
 * @param driftedFeatures the drifted features with their drift scores, by name
 */
public record WindowEvidence(long windowStart, long windowEnd, Double driftShare, Map<String, Double> driftedFeatures) {
  public WindowEvidence {
    driftedFeatures = java.util.Collections.unmodifiableMap(new TreeMap<>(driftedFeatures));
  }
}
