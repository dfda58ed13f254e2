package dev.pqp.profile;

import dev.pqp.event.Output;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * What a model answered within one window: a KLL sketch and a fixed ten-bucket histogram of binary
 * scores, predicted-class counts, and a KLL sketch of regression values.
 *
 * <p>Consumes {@link Output}s; emits the sketches and counts. The histogram buckets are [0, 0.1), …,
 * [0.8, 0.9), [0.9, 1.0]: fixed, so histograms of any two windows or of a reference compare bucket by
 * bucket without a sketch. A score outside [0, 1], and a non-finite score or value, counts as invalid.
 */
public final class PredictionMix {
  /** Number of score histogram buckets. */
  public static final int BUCKETS = 10;
  /**
   * Upper bounds of the Prometheus score histogram, inclusive as its {@code le}: 0.0, 0.1, ..., 1.0. Kept
   * apart from {@link #scoreHistogram()}, whose buckets include their lower bound, so that a score of
   * exactly 0.3 counts where Prometheus expects it.
   */
  public static final double[] LE_BOUNDS = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};
  /** The class under which probabilities of classes beyond the cap are pooled. */
  public static final String OTHER_CLASS = "__other__";

  final KllDoublesSketch scores;
  final long[] histogram;
  final CategoricalProfile classes;
  final KllDoublesSketch values;
  long invalid;
  /** Exact sum of the valid scores (the histogram's {@code _sum}). */
  double scoreSum;
  /** Per-bucket counts of scores in (LE_BOUNDS[i - 1], LE_BOUNDS[i]]; bucket 0 holds scores of exactly 0. */
  final long[] leBuckets;
  /** Per class, the sum of its probability over {@link #probabilityOutputs} outputs (capped classes). */
  final TreeMap<String, Double> probabilitySums;
  long probabilityOutputs;
  final int classCap;

  PredictionMix(ProfileConfig config) {
    this(KllDoublesSketch.newHeapInstance(config.kllK()), new long[BUCKETS],
        new CategoricalProfile(FeatureKind.CATEGORICAL, config.categoryCap(), config.frequentItemsMapSize()),
        KllDoublesSketch.newHeapInstance(config.kllK()), 0, 0, new long[LE_BOUNDS.length], new TreeMap<>(), 0,
        config.categoryCap());
  }

  PredictionMix(KllDoublesSketch scores, long[] histogram, CategoricalProfile classes, KllDoublesSketch values,
      long invalid, double scoreSum, long[] leBuckets, TreeMap<String, Double> probabilitySums, long probabilityOutputs,
      int classCap) {
    this.scores = scores;
    this.histogram = histogram;
    this.classes = classes;
    this.values = values;
    this.invalid = invalid;
    this.scoreSum = scoreSum;
    this.leBuckets = leBuckets;
    this.probabilitySums = probabilitySums;
    this.probabilityOutputs = probabilityOutputs;
    this.classCap = classCap;
  }

  void add(Output o) {
    Double score = o.score();
    if (score != null) {
      double s = score;
      if (s >= 0.0 && s <= 1.0) { // false for NaN too
        scores.update(s);
        histogram[Math.min(BUCKETS - 1, (int) (s * BUCKETS))]++;
        scoreSum += s;
        int le = java.util.Arrays.binarySearch(LE_BOUNDS, s);
        leBuckets[le >= 0 ? le : -le - 1]++;
      } else {
        invalid++;
      }
    }
    // the class the model chose: its label, or for multiclass output without one the most probable class
    classes.update(o.label() != null ? o.label() : argmax(o.probabilities()), false);
    if (o.probabilities() != null && !o.probabilities().isEmpty()) {
      probabilityOutputs++;
      o.probabilities().forEach((c, p) -> {
        if (p != null && Double.isFinite(p)) {
          addProbability(c, p);
        }
      });
    }
    Double value = o.value();
    if (value != null) {
      if (Double.isFinite(value)) {
        values.update(value);
      } else {
        invalid++;
      }
    }
  }

  private static String argmax(Map<String, Double> probabilities) {
    if (probabilities == null) {
      return null;
    }
    String best = null;
    double max = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, Double> e : probabilities.entrySet()) {
      Double p = e.getValue();
      if (p != null && p > max) {
        max = p;
        best = e.getKey();
      }
    }
    return best;
  }

  private void addProbability(String cls, double p) {
    String c = probabilitySums.containsKey(cls) || probabilitySums.size() < classCap - 1 ? cls : OTHER_CLASS;
    probabilitySums.merge(c, p, Double::sum);
  }

  void merge(PredictionMix o) {
    scoreSum += o.scoreSum;
    for (int i = 0; i < leBuckets.length; i++) {
      leBuckets[i] += o.leBuckets[i];
    }
    o.probabilitySums.forEach(this::addProbability);
    probabilityOutputs += o.probabilityOutputs;
    scores.merge(o.scores);
    for (int i = 0; i < BUCKETS; i++) {
      histogram[i] += o.histogram[i];
    }
    classes.merge(o.classes);
    values.merge(o.values);
    invalid += o.invalid;
  }

  PredictionMix copy() {
    return new PredictionMix(Sketches.copy(scores), histogram.clone(), classes.copy(), Sketches.copy(values),
        invalid, scoreSum, leBuckets.clone(), new TreeMap<>(probabilitySums), probabilityOutputs, classCap);
  }

  /** Per-bucket counts of the scores by {@link #LE_BOUNDS} (a copy). */
  public long[] leBuckets() {
    return leBuckets.clone();
  }

  /** Exact sum of the valid binary scores. */
  public double scoreSum() {
    return scoreSum;
  }

  /**
   * The mean probability the model gave each class, over the outputs that carried probabilities (a class
   * absent from an output counts as 0 there); classes beyond the cap are pooled as {@value #OTHER_CLASS}.
   */
  public Map<String, Double> meanProbabilities() {
    Map<String, Double> out = new TreeMap<>();
    probabilitySums.forEach((c, sum) -> out.put(c, sum / probabilityOutputs));
    return out;
  }

  /** The live sketch of valid binary scores; read it, do not update it. */
  public KllDoublesSketch scores() {
    return scores;
  }

  /** A copy of the score histogram, bucket {@code i} covering [i / 10, (i + 1) / 10). */
  public long[] scoreHistogram() {
    return histogram.clone();
  }

  /** Predicted-class counts; "missing" counts outputs that named no class (score or value only). */
  public CategoricalProfile predictedClasses() {
    return classes;
  }

  /** The live sketch of finite regression values; read it, do not update it. */
  public KllDoublesSketch regressionValues() {
    return values;
  }

  /** Scores outside [0, 1] or not finite, and non-finite regression values. */
  public long invalid() {
    return invalid;
  }
}
