package dev.pqp.outcome;

import java.util.Objects;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The labelled outcomes of one (model, version, prediction-time window), kept compactly and exactly
 * where possible: binary confusion counts, log-loss and Brier sums and the two class-conditional score
 * sketches; capped multiclass confusion counts; regression error sums; a label-delay sketch in seconds.
 *
 * <p>Consumes {@link Outcome}s one at a time in O(1) amortized time and merges with other profiles of
 * the same positive class; {@link PerformanceMetrics} turns it into a {@link Performance} and
 * {@link PerformanceCodec} into bytes. Memory is bounded by the sketch {@code k} and the class cap,
 * never by the outcome count. Not thread-safe.
 */
public final class PerformanceProfile {
  public static final int DEFAULT_K = 200;
  public static final int DEFAULT_CLASS_CAP = 50;

  private final PositiveClass positiveClass;
  private final int k;
  final BinaryTally binary;
  final ClassConfusion classes;
  final RegressionTally regression;
  final KllDoublesSketch delaySeconds;
  long labelled;

  PerformanceProfile(PositiveClass positiveClass, int k, BinaryTally binary, ClassConfusion classes,
      RegressionTally regression, KllDoublesSketch delaySeconds) {
    this.positiveClass = Objects.requireNonNull(positiveClass, "positiveClass");
    this.k = k;
    this.binary = binary;
    this.classes = classes;
    this.regression = regression;
    this.delaySeconds = delaySeconds;
  }

  /** An empty profile with the default positive class, sketch size and class cap. */
  public static PerformanceProfile create() {
    return create(PositiveClass.DEFAULT, DEFAULT_K, DEFAULT_CLASS_CAP);
  }

  /**
   * An empty profile.
   *
   * @param k KLL sketch size of the score and delay sketches (8..65535); larger is more exact
   * @param classCap distinct multiclass labels kept by name, the rest pooled
   */
  public static PerformanceProfile create(PositiveClass positiveClass, int k, int classCap) {
    return new PerformanceProfile(positiveClass, k, new BinaryTally(k), new ClassConfusion(classCap),
        new RegressionTally(), KllDoublesSketch.newHeapInstance(k));
  }

  /** Adds one outcome to every family of metrics it carries enough for (see {@link Outcome}). */
  public void add(Outcome outcome) {
    labelled++;
    delaySeconds.update(outcome.delaySeconds());
    String truth = outcome.trueLabel();
    if (truth != null) {
      if (outcome.score() != null) {
        binary.add(outcome.score(), positiveClass.isPositive(truth));
      }
      String predicted = outcome.predictedClass();
      if (predicted != null) {
        classes.add(truth, predicted);
      }
    }
    if (outcome.trueValue() != null && outcome.predictedValue() != null) {
      regression.add(outcome.predictedValue(), outcome.trueValue());
    }
  }

  /**
   * Adds another profile's outcomes to this one; the other is left unchanged.
   *
   * @throws IllegalArgumentException if the positive classes differ
   */
  public void merge(PerformanceProfile other) {
    if (!positiveClass.equals(other.positiveClass)) {
      throw new IllegalArgumentException(
          "cannot merge positive classes " + positiveClass.labels() + " and " + other.positiveClass.labels());
    }
    labelled += other.labelled;
    delaySeconds.merge(other.delaySeconds);
    binary.merge(other.binary);
    classes.merge(other.classes);
    regression.merge(other.regression);
  }

  public PositiveClass positiveClass() {
    return positiveClass;
  }

  public int k() {
    return k;
  }

  /** Outcomes added, of any kind. */
  public long labelled() {
    return labelled;
  }
}
