package dev.pqp.export;

import dev.pqp.comparison.Comparison;
import dev.pqp.status.ComparisonSummary;
import io.micrometer.core.instrument.Tags;

/**
 * A challenger against its champion ({@code compare.versions}), per metric, looked at after every window without
 * inflating the false-positive rate: {@code ml_version_comparison_difference} (challenger minus champion), its
 * always-valid interval ({@code _lower}, {@code _upper}, once each side has two labels), the verdict as a state set
 * ({@code ml_version_comparison_verdict{verdict}}: 1 on {@code better}, {@code worse} or
 * {@code no_difference_detected_yet}) and the labels behind it ({@code ml_version_comparison_labels{side}}).
 * Labels: {@code model_name}, {@code model_version} (the challenger), {@code champion_version}, {@code metric}.
 * With an expected split, the sample ratio mismatch check: {@code ml_version_comparison_traffic_share} (the
 * challenger's share of the pair's predictions), {@code _share_expected}, its always-valid interval
 * ({@code _share_lower}, {@code _share_upper}) and {@code ml_version_comparison_sample_ratio_mismatch} (1 once the
 * interval excludes the expected share), without {@code metric}.
 */
public final class ComparisonMetrics extends OwnedGauges {
  public static final String DIFFERENCE = "ml.version.comparison.difference";
  public static final String LOWER = "ml.version.comparison.lower";
  public static final String UPPER = "ml.version.comparison.upper";
  public static final String VERDICT = "ml.version.comparison.verdict";
  public static final String LABELS = "ml.version.comparison.labels";
  private final java.util.Map<String, java.util.Map<String, ComparisonSummary>> shown = new java.util.HashMap<>();

  /** Shows the comparison of {@code challenger} with {@code champion} of {@code model}. */
  public synchronized void show(String model, String challenger, String champion, Comparison c, String owner,
      long nowMs) {
    String group = model;
    Tags tags = Tags.of("model_name", model, "model_version", challenger, "champion_version", champion, "metric",
        c.metric());
    gauges.set(group, DIFFERENCE, "The challenger's metric minus its champion's", tags, c.interval().estimate());
    if (Double.isFinite(c.interval().lower())) {
      gauges.set(group, LOWER, "Lower bound of the difference's always-valid confidence interval (compare.alpha)",
          tags, c.interval().lower());
      gauges.set(group, UPPER, "Upper bound of the difference's always-valid confidence interval (compare.alpha)",
          tags, c.interval().upper());
    }
    for (Comparison.Verdict v : Comparison.Verdict.values()) {
      gauges.set(group, VERDICT, "1 on what the interval supports: better, worse or no_difference_detected_yet",
          tags.and("verdict", v.code()), c.verdict() == v ? 1 : 0);
    }
    gauges.set(group, LABELS, "Predictions behind the comparison, per side: the labelled ones for accuracy, those in the join sample for an outcome rate", tags.and("side", "champion"),
        c.champion().n());
    gauges.set(group, LABELS, "Predictions behind the comparison, per side: the labelled ones for accuracy, those in the join sample for an outcome rate", tags.and("side", "challenger"),
        c.challenger().n());
    ownership.updated(group, owner, nowMs);
    var i = c.interval();
    shown.computeIfAbsent(group, g -> new java.util.TreeMap<>()).put(challenger + "\u0000" + champion + "\u0000"
        + c.metric(), new ComparisonSummary(model, challenger, champion, c.metric(), i.estimate(),
        Double.isFinite(i.lower()) ? i.lower() : null, Double.isFinite(i.upper()) ? i.upper() : null,
        c.verdict().code(), c.champion().n(), c.challenger().n()));
  }

  /**
   * Shows the sample ratio check of {@code challenger} against {@code champion}: its observed share of the pair's
   * predictions with its interval, the share expected, and whether they disagree.
   */
  public synchronized void sampleRatio(String model, String challenger, String champion, double expected,
      dev.pqp.comparison.ConfidenceSequence.Interval share, boolean mismatch, String owner, long nowMs) {
    Tags tags = Tags.of("model_name", model, "model_version", challenger, "champion_version", champion);
    String of = "the challenger's share of the pair's predictions in the join sample";
    gauges.set(model, "ml.version.comparison.traffic.share", "Observed share: " + of, tags, share.estimate());
    gauges.set(model, "ml.version.comparison.traffic.share.expected", "Expected share (compare.versions @share): " + of,
        tags, expected);
    if (Double.isFinite(share.lower())) {
      gauges.set(model, "ml.version.comparison.traffic.share.lower", "Lower bound of the always-valid interval of " + of,
          tags, share.lower());
      gauges.set(model, "ml.version.comparison.traffic.share.upper", "Upper bound of the always-valid interval of " + of,
          tags, share.upper());
    }
    gauges.set(model, "ml.version.comparison.sample.ratio.mismatch", "1 once the always-valid interval of " + of
        + " excluded the expected share (compare.alpha): the split is not what was configured", tags, mismatch ? 1 : 0);
    ownership.updated(model, owner, nowMs);
  }

  /** The comparisons of every model this instance owns, as the status page shows them. */
  public synchronized java.util.List<ComparisonSummary> shown() {
    return shown.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  @Override
  protected void forget(String group) {
    super.forget(group);
    shown.remove(group);
  }
}
