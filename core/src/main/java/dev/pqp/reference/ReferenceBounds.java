package dev.pqp.reference;

import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.NumericProfile;
import dev.pqp.stats.BinEdges;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Answers, per event, whether a numeric value lies outside the reference's [min, max] and whether a
 * category never occurred in the reference. Built once per reference, so the per-event cost is a map lookup.
 */
public final class ReferenceBounds implements FeatureBounds {
  private final Map<String, double[]> ranges = new HashMap<>();
  private final Map<String, Set<String>> categories = new HashMap<>();
  private final Map<String, double[]> edges = new HashMap<>();

  /** @param bins bins of the binned drift statistics: windows count their values into the reference's */
  public ReferenceBounds(ReferenceProfile reference, int bins) {
    for (Map.Entry<String, FeatureProfile> e : reference.profile().features().entrySet()) {
      if (e.getValue() instanceof NumericProfile n && n.count() > 0) {
        ranges.put(e.getKey(), new double[] {n.moments().min(), n.moments().max()});
        edges.put(e.getKey(), BinEdges.fromReferenceQuantiles(n.sketch(), bins).edges());
      } else if (e.getValue() instanceof CategoricalProfile c && c.isExact()) {
        // above the cap the reference's category set is not known exactly: unseen is not reported
        categories.put(e.getKey(), Set.copyOf(c.exactCounts().keySet()));
      }
    }
  }

  @Override
  public boolean outOfRange(String feature, double value) {
    double[] r = ranges.get(feature);
    return r != null && (value < r[0] || value > r[1]);
  }

  @Override
  public double[] binEdges(String feature) {
    return edges.get(feature);
  }

  @Override
  public boolean unseen(String feature, String category) {
    Set<String> known = categories.get(feature);
    return known != null && !known.contains(category);
  }
}
