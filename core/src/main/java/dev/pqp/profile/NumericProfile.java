package dev.pqp.profile;

import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * The profile of a numeric feature: a KLL quantile sketch and exact {@link Moments} of the valid values,
 * and counts of missing, invalid (wrong type, NaN, ±Inf) and out-of-reference-range values.
 *
 * <p>Consumes values through {@link #update(double, boolean)} or {@link #add}; emits quantiles, moments
 * and counts. The sketch lives on the heap and is updated in place: O(1) amortized per value, nothing
 * serialized.
 */
public final class NumericProfile implements FeatureProfile {
  private final KllDoublesSketch sketch;
  private final Moments moments;
  private long missing;
  private long invalid;
  private long outOfRange;
  private Bins bins;
  private boolean binsResolved;

  /** An empty profile with KLL accuracy parameter {@code k}. */
  public NumericProfile(int k) {
    this(KllDoublesSketch.newHeapInstance(k), new Moments(), 0, 0, 0);
  }

  NumericProfile(KllDoublesSketch sketch, Moments moments, long missing, long invalid, long outOfRange) {
    this.sketch = sketch;
    this.moments = moments;
    this.missing = missing;
    this.invalid = invalid;
    this.outOfRange = outOfRange;
  }

  @Override
  public FeatureKind kind() {
    return FeatureKind.NUMERIC;
  }

  /**
   * Profiles one value. NaN and ±Inf count as invalid and stay out of the sketch and moments, where a
   * single one would poison every mean and quantile of the window.
   *
   * @param outOfRange whether the caller found the value outside the reference range
   */
  public void update(double value, boolean outOfRange) {
    if (!Double.isFinite(value)) {
      invalid++;
      return;
    }
    sketch.update(value);
    moments.add(value);
    if (outOfRange) {
      this.outOfRange++;
    }
  }

  /**
   * Profiles one value of {@code feature}. The first call asks {@code bounds} for the reference's bin
   * edges; if there are any, every valid value is also counted exactly into those bins, so that PSI
   * needs no sketch on the current side.
   */
  @Override
  public void add(String feature, Object value, FeatureBounds bounds) {
    if (value == null) {
      addNull(feature, bounds);
    } else if (value instanceof Double || value instanceof Long) {
      addNumber(feature, ((Number) value).doubleValue(), bounds);
    } else {
      resolveBins(feature, bounds);
      invalid++;
    }
  }

  @Override
  public void addNumber(String feature, double v, FeatureBounds bounds) {
    resolveBins(feature, bounds);
    update(v, Double.isFinite(v) && bounds.outOfRange(feature, v));
    if (bins != null && Double.isFinite(v)) {
      bins.add(v);
    }
  }

  /** A category is of the wrong kind here: invalid. */
  @Override
  public void addCategory(String feature, String category, FeatureBounds bounds) {
    resolveBins(feature, bounds);
    invalid++;
  }

  /** A boolean is of the wrong kind here: invalid. */
  @Override
  public void addBoolean(String feature, boolean value, FeatureBounds bounds) {
    resolveBins(feature, bounds);
    invalid++;
  }

  @Override
  public void addNull(String feature, FeatureBounds bounds) {
    resolveBins(feature, bounds);
    missing++;
  }

  /** On the first value of any kind, as ever: whether this profile also counts into the reference's bins. */
  private void resolveBins(String feature, FeatureBounds bounds) {
    if (!binsResolved) {
      double[] edges = bounds.binEdges(feature);
      bins = edges == null || moments.count() > 0 ? null : new Bins(edges);
      binsResolved = true;
    }
  }

  @Override
  public void addMissing(long n) {
    missing += n;
  }

  @Override
  public void addInvalid(long n) {
    invalid += n;
  }

  @Override
  public void merge(FeatureProfile other) {
    if (!(other instanceof NumericProfile o)) {
      throw new IllegalArgumentException("cannot merge " + other.kind() + " into NUMERIC");
    }
    bins = Bins.merge(bins, count() == 0 && !binsResolved, o.bins);
    binsResolved = true;
    sketch.merge(o.sketch);
    moments.merge(o.moments);
    missing += o.missing;
    invalid += o.invalid;
    outOfRange += o.outOfRange;
  }

  @Override
  public NumericProfile copy() {
    NumericProfile c = new NumericProfile(Sketches.copy(sketch), moments.copy(), missing, invalid, outOfRange);
    c.bins = bins == null ? null : bins.copy();
    c.binsResolved = binsResolved;
    return c;
  }

  /** Exact counts of the valid values in the reference's bins, or null when they were not counted. */
  public Bins bins() {
    return bins;
  }

  void restoreBins(Bins b) {
    bins = b;
    binsResolved = true;
  }

  @Override
  public long count() {
    return moments.count();
  }

  @Override
  public long missing() {
    return missing;
  }

  @Override
  public long invalid() {
    return invalid;
  }

  /** Valid values the caller flagged as outside the reference range. */
  public long outOfRange() {
    return outOfRange;
  }

  /** Exact moments of the valid values. */
  public Moments moments() {
    return moments;
  }

  /** The value at normalized rank {@code rank} in [0, 1] (inclusive search), or NaN when empty. */
  public double quantile(double rank) {
    return Sketches.quantile(sketch, rank);
  }

  /** The sketch's single-sided normalized rank error (about 1.65 / k). */
  public double normalizedRankError() {
    return sketch.getNormalizedRankError(false);
  }

  /** The live sketch, for drift statistics (PSI, KS); read it, do not update it. */
  public KllDoublesSketch sketch() {
    return sketch;
  }
}
