package dev.pqp.drift;

import dev.pqp.stats.DatasetDrift;
import dev.pqp.stats.DriftMethod.FeatureType;
import dev.pqp.stats.DriftMethod;
import java.util.Map;

/**
 * How drift is decided.
 *
 * @param numericMethod primary method for numeric features (default PSI)
 * @param categoricalMethod primary method for categorical and boolean features (default PSI)
 * @param threshold threshold of the primary method, or NaN for the method's own default (PSI: 0.2)
 * @param featureThresholds thresholds that override {@code threshold}, keyed by {@code feature} (any
 *     model), {@code model} (every feature of that model) or {@code model/feature}; the most specific wins
 * @param bins bins of numeric PSI and Jensen-Shannon (reference quantiles)
 * @param minCount a feature with fewer values in the window is reported but never flagged
 * @param datasetShare the share of drifted features at which the dataset has drifted
 * @param topCategories categorical statistics compare the reference's most frequent categories, the
 *     rest pooled as "other"
 * @param falseAlarmRate the share of windows drawn from the reference itself that a feature's verdict may flag:
 *     the primary score must also exceed its {@link NullDistribution} quantile at 1 - this, at the window's size;
 *     0 holds the score to the method's threshold alone and reports no p-value
 * @param fdr the false-discovery rate across a window's features (Benjamini-Hochberg on their p-values) of the
 *     verdicts that count (the reported {@code driftDetected}, the dataset share)
 */
public record DriftSettings(
    DriftMethod numericMethod,
    DriftMethod categoricalMethod,
    double threshold,
    Map<String, Double> featureThresholds,
    int bins,
    long minCount,
    double datasetShare,
    int topCategories,
    double falseAlarmRate,
    double fdr) {

  public static final double DEFAULT_FALSE_ALARM_RATE = 0.01;
  public static final double DEFAULT_FDR = 0.05;
  public static final DriftSettings DEFAULT = new DriftSettings(DriftMethod.PSI, DriftMethod.PSI, Double.NaN, Map.of(),
      10, 100, DatasetDrift.DEFAULT_SHARE_THRESHOLD, 20, DEFAULT_FALSE_ALARM_RATE, DEFAULT_FDR);

  public DriftSettings {
    featureThresholds = Map.copyOf(featureThresholds);
    if (!numericMethod.appliesTo(FeatureType.NUMERIC)) {
      throw new IllegalArgumentException("method " + numericMethod + " does not apply to numeric features");
    }
    if (!categoricalMethod.appliesTo(FeatureType.CATEGORICAL)) {
      throw new IllegalArgumentException("method " + categoricalMethod + " does not apply to categorical features");
    }
    if (!(falseAlarmRate >= 0 && falseAlarmRate < 1) || !(fdr > 0 && fdr <= 1)) {
      throw new IllegalArgumentException("false-alarm rate must be in [0, 1) and fdr in (0, 1], were " + falseAlarmRate
          + " and " + fdr);
    }
  }

  /** These settings with other primary methods. */
  public DriftSettings withMethods(DriftMethod numeric, DriftMethod categorical) {
    return new DriftSettings(numeric, categorical, threshold, featureThresholds, bins, minCount, datasetShare,
        topCategories, falseAlarmRate, fdr);
  }

  /** These settings with another {@code drift.false-alarm-rate} (0: the threshold alone). */
  public DriftSettings withFalseAlarmRate(double rate) {
    return new DriftSettings(numericMethod, categoricalMethod, threshold, featureThresholds, bins, minCount,
        datasetShare, topCategories, rate, fdr);
  }

  DriftMethod method(FeatureType type) {
    return type == FeatureType.NUMERIC ? numericMethod : categoricalMethod;
  }

  double thresholdFor(String model, String feature, DriftMethod method) {
    Double t = featureThresholds.get(model + "/" + feature);
    if (t == null) {
      t = featureThresholds.get(feature);
    }
    if (t == null) {
      t = featureThresholds.get(model);
    }
    if (t != null) {
      return t;
    }
    return Double.isNaN(threshold) ? method.defaultThreshold() : threshold;
  }
}
