package dev.pqp.window;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.MergedSpan;
import dev.pqp.stats.DriftMethod;
import dev.pqp.drift.WindowResult;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.PredictionMix;
import dev.pqp.profile.ServingHealth;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stats.CategoricalDrift;
import dev.pqp.stats.CategoryCounts;
import dev.pqp.stats.Estimate;
import dev.pqp.stats.KsDistance;
import dev.pqp.stats.Psi;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Turns a finalized window profile, its reference and the windows it is compared with into one
 * {@link WindowOutcome}: feature and dataset drift (by {@link DriftEvaluator}), the prediction mix and its
 * drift against each baseline, serving health and event lag. Pure: the same inputs give the same outcome.
 */
public final class WindowEvaluator {
  /** Quantile levels reported for latency, event lag and regression values. */
  public static final double[] LEVELS = {0.5, 0.95, 0.99};
  private static final List<String> BUCKET_LABELS = bucketLabels();

  private final DriftEvaluator drift;

  public WindowEvaluator(DriftEvaluator drift) {
    this.drift = drift;
  }

  /**
   * @param reference the version's reference (training or automatic), or null
   * @param baselines other windows to compare the prediction mix with, by baseline name
   *     ({@link PredictionDrift#DAY_BEFORE}, {@code version:V}); the reference is added as
   *     {@link PredictionDrift#REFERENCE} when it has a prediction mix
   */
  public WindowOutcome evaluate(String model, String version, long start, long end, WindowProfile window,
      ReferenceProfile reference, Map<String, WindowProfile> baselines) {
    return evaluate(model, version, start, end, window, reference, baselines, null);
  }

  /**
   * As {@link #evaluate(String, String, long, long, WindowProfile, ReferenceProfile, Map)}, the drift of a feature
   * with too few values in the window taken on {@code merged} (the window and the ones before it), if given.
   */
  public WindowOutcome evaluate(String model, String version, long start, long end, WindowProfile window,
      ReferenceProfile reference, Map<String, WindowProfile> baselines, MergedSpan merged) {
    WindowResult features = drift.evaluate(model, version, start, end, window, reference, merged);
    List<PredictionDrift> moved = new ArrayList<>();
    if (reference != null) {
      PredictionMix base = reference.profile().predictionMix();
      for (PredictionDrift d : predictionDrift(PredictionDrift.REFERENCE, base, window.predictionMix())) {
        moved.add(withNoise(d, reference, base, window.predictionMix()));
      }
    }
    new TreeMap<>(baselines).forEach((name, base) -> {
      for (PredictionDrift d : predictionDrift(name, base.predictionMix(), window.predictionMix())) {
        moved.add(withNoiseBetween(d, base.predictionMix(), window.predictionMix()));
      }
    });
    ServingHealth h = window.servingHealth();
    return new WindowOutcome(features, reference == null ? null : reference.id(), window.eventCount(),
        window.lateEventCount(), mix(window.predictionMix()), moved,
        new HealthSummary(h.byRoute(), quantiles(h.latencyMs()), h.pooled()), quantiles(window.eventLagSeconds()),
        window.lastEventMs());
  }

  /** Score PSI (exact, on the fixed buckets) and KS (on the sketches), and class PSI, where both sides have them. */
  public static List<PredictionDrift> predictionDrift(String baseline, PredictionMix base, PredictionMix current) {
    List<PredictionDrift> out = new ArrayList<>();
    double[] b = shares(base.scoreHistogram());
    double[] c = shares(current.scoreHistogram());
    if (b != null && c != null) {
      out.add(new PredictionDrift(baseline, "score", "psi", Psi.compute(BUCKET_LABELS, b, c, Psi.DEFAULT_EPSILON).value(), 0));
      Estimate ks = KsDistance.of(base.scores(), current.scores());
      out.add(new PredictionDrift(baseline, "score", "ks", ks.value(), ks.errorBound()));
    }
    CategoryCounts bc = classes(base.predictedClasses());
    CategoryCounts cc = classes(current.predictedClasses());
    if (bc.total() > 0 && cc.total() > 0) {
      out.add(new PredictionDrift(baseline, "class", "psi", CategoricalDrift.psi(bc, cc).value(), 0));
    }
    return out;
  }

  /** A statistic against the reference held to its noise at the window's size, as a feature's score is. */
  private PredictionDrift withNoise(PredictionDrift d, ReferenceProfile reference, PredictionMix base,
      PredictionMix current) {
    DriftMethod method = method(d);
    double[] shares = d.target().equals("class") ? classes(base.predictedClasses()).sortedShares()
        : method == DriftMethod.KS ? null : shares(base.scoreHistogram());
    return held(d, drift.predictionNoise(reference, d.target(), method, shares, current.scores().getK(), d.value(),
        method.defaultThreshold(), values(d, current)));
  }

  /**
   * A statistic against another window of the version's traffic, held to the noise of two windows of their sizes
   * (both are samples: {@link DriftEvaluator#predictionNoiseBetween}).
   */
  private PredictionDrift withNoiseBetween(PredictionDrift d, PredictionMix base, PredictionMix current) {
    DriftMethod method = method(d);
    double[] pooled = null;
    if (d.target().equals("class")) {
      CategoryCounts b = classes(base.predictedClasses());
      CategoryCounts c = classes(current.predictedClasses());
      Map<String, Long> both = new HashMap<>(b.counts());
      c.counts().forEach((cls, k) -> both.merge(cls, k, Long::sum));
      pooled = new CategoryCounts(both, b.other() + c.other()).sortedShares();
    } else if (method != DriftMethod.KS) {
      long[] both = base.scoreHistogram().clone();
      for (int i = 0; i < both.length; i++) {
        both[i] += current.scoreHistogram()[i];
      }
      pooled = shares(both);
    }
    return held(d, drift.predictionNoiseBetween(d.target(), method, pooled, current.scores().getK(), d.value(),
        method.defaultThreshold(), values(d, current), values(d, base)));
  }

  private static DriftMethod method(PredictionDrift d) {
    return d.method().equals("ks") ? DriftMethod.KS : DriftMethod.PSI;
  }

  /** How many values of the mix the statistic {@code d} reads: classes, the scores' sketch, or the score buckets. */
  private static long values(PredictionDrift d, PredictionMix mix) {
    if (d.target().equals("class")) {
      return classes(mix.predictedClasses()).total();
    }
    return method(d) == DriftMethod.KS ? mix.scores().getN() : total(mix.scoreHistogram());
  }

  /** {@code d} with the threshold and p-value it was held to; unchanged without values. */
  private static PredictionDrift held(PredictionDrift d, DriftEvaluator.Noise noise) {
    return noise == null ? d : new PredictionDrift(d.baseline(), d.target(), d.method(), d.value(), d.errorBound(),
        noise.effectiveThreshold(), noise.pValue());
  }

  private static long total(long[] counts) {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  static MixSummary mix(PredictionMix m) {
    long[] hist = m.scoreHistogram();
    long scored = 0;
    long positive = 0;
    for (int i = 0; i < hist.length; i++) {
      scored += hist[i];
      positive += i >= hist.length / 2 ? hist[i] : 0;
    }
    Map<String, Long> counts = m.predictedClasses().exactCounts();
    long named = counts.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Double> ratios = new HashMap<>();
    counts.forEach((cls, n) -> ratios.put(cls, (double) n / named));
    return new MixSummary(hist, m.leBuckets(), m.scoreSum(), scored == 0 ? null : (double) positive / scored, counts, ratios,
        m.meanProbabilities(), quantiles(m.regressionValues()), m.invalid());
  }

  static Map<Double, Double> quantiles(KllDoublesSketch sketch) {
    Map<Double, Double> out = new TreeMap<>();
    if (!sketch.isEmpty()) {
      for (double level : LEVELS) {
        out.put(level, sketch.getQuantile(level));
      }
    }
    return out;
  }

  private static double[] shares(long[] counts) {
    long total = total(counts);
    if (total == 0) {
      return null;
    }
    double[] s = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      s[i] = (double) counts[i] / total;
    }
    return s;
  }

  private static CategoryCounts classes(CategoricalProfile p) {
    Map<String, Long> counts = new HashMap<>(p.exactCounts());
    Long pooled = counts.remove(CategoryCounts.OTHER);
    return new CategoryCounts(counts, p.tailCount() + (pooled == null ? 0 : pooled));
  }

  private static List<String> bucketLabels() {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < PredictionMix.BUCKETS; i++) {
      labels.add(String.format(java.util.Locale.ROOT, "[%.1f,%.1f)", i / 10.0, (i + 1) / 10.0));
    }
    return labels;
  }
}
