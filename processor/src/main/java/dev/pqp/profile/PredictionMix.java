package dev.pqp.profile;

import dev.pqp.event.Output;
import java.util.Map;
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

  final KllDoublesSketch scores;
  final long[] histogram;
  final CategoricalProfile classes;
  final KllDoublesSketch values;
  long invalid;

  PredictionMix(ProfileConfig config) {
    this(KllDoublesSketch.newHeapInstance(config.kllK()), new long[BUCKETS],
        new CategoricalProfile(FeatureKind.CATEGORICAL, config.categoryCap(), config.frequentItemsMapSize()),
        KllDoublesSketch.newHeapInstance(config.kllK()), 0);
  }

  PredictionMix(KllDoublesSketch scores, long[] histogram, CategoricalProfile classes, KllDoublesSketch values,
      long invalid) {
    this.scores = scores;
    this.histogram = histogram;
    this.classes = classes;
    this.values = values;
    this.invalid = invalid;
  }

  void add(Output o) {
    Double score = o.score();
    if (score != null) {
      double s = score;
      if (s >= 0.0 && s <= 1.0) { // false for NaN too
        scores.update(s);
        histogram[Math.min(BUCKETS - 1, (int) (s * BUCKETS))]++;
      } else {
        invalid++;
      }
    }
    // the class the model chose: its label, or for multiclass output without one the most probable class
    classes.update(o.label() != null ? o.label() : argmax(o.probabilities()), false);
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

  void merge(PredictionMix o) {
    scores.merge(o.scores);
    for (int i = 0; i < BUCKETS; i++) {
      histogram[i] += o.histogram[i];
    }
    classes.merge(o.classes);
    values.merge(o.values);
    invalid += o.invalid;
  }

  PredictionMix copy() {
    return new PredictionMix(
        Sketches.copy(scores), histogram.clone(), classes.copy(), Sketches.copy(values), invalid);
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
