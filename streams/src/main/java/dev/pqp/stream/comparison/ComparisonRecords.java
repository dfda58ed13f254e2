package dev.pqp.stream.comparison;

import dev.pqp.comparison.Comparison;
import dev.pqp.schema.VersionComparison;

/** The {@code ml.quality.comparisons} record of a comparison. */
final class ComparisonRecords {
  private ComparisonRecords() {}

  /** The record of {@code c}, the challenger against the champion, last changed by the window at {@code windowStart}. */
  static VersionComparison of(String model, String challenger, String champion, Comparison c, double alpha,
      long windowStart) {
    var i = c.interval();
    return VersionComparison.newBuilder().setModelName(model).setModelVersion(challenger)
        .setChampionVersion(champion).setMetric(c.metric()).setHigherIsBetter(c.higherIsBetter())
        .setChampionValue(c.champion().mean()).setChallengerValue(c.challenger().mean()).setDifference(i.estimate())
        .setLower(Double.isFinite(i.lower()) ? i.lower() : null).setUpper(Double.isFinite(i.upper()) ? i.upper() : null)
        .setAlpha(alpha).setVerdict(c.verdict().code()).setChampionCount(c.champion().n())
        .setChallengerCount(c.challenger().n()).setWindowStart(windowStart).build();
  }
}
