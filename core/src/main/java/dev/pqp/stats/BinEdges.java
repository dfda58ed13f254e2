package dev.pqp.stats;

import static org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Interior edges {@code e1 < e2 < ... < ek} that cut the real line into {@code k + 1} bins
 * {@code (-inf, e1], (e1, e2], ..., (ek, +inf)}: each bin is open on the left and closed on the
 * right, so a value equal to an edge falls into the bin below it. {@link #shares} reads these bins
 * from a sketch with KLL's {@code getCDF(edges, INCLUSIVE)}, which is {@code P(X <= e)}.
 *
 * <p>Immutable; edges are finite and strictly increasing (duplicates are removed when built from
 * quantiles of discrete data).
 */
public final class BinEdges {

  /** Deciles: ten bins of about 10% reference mass each. */
  public static final int DEFAULT_BINS = 10;

  private final double[] edges;

  private BinEdges(double[] edges) {
    this.edges = edges;
  }

  /**
   * Uses the given interior edges as they are.
   *
   * @throws IllegalArgumentException if there is no edge, or edges are not finite and strictly
   *     increasing
   */
  public static BinEdges of(double... edges) {
    if (edges == null || edges.length == 0) {
      throw new IllegalArgumentException("at least one edge is needed");
    }
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i]) || (i > 0 && edges[i] <= edges[i - 1])) {
        throw new IllegalArgumentException("edges must be finite and strictly increasing");
      }
    }
    return new BinEdges(edges.clone());
  }

  /** Reference deciles; see {@link #fromReferenceQuantiles(KllDoublesSketch, int)}. */
  public static BinEdges fromReferenceQuantiles(KllDoublesSketch reference) {
    return fromReferenceQuantiles(reference, DEFAULT_BINS);
  }

  /**
   * Edges at the reference's {@code i / bins} quantiles ({@code i = 1 .. bins-1}, INCLUSIVE: the
   * smallest retained item whose rank reaches {@code i / bins}), so each bin holds about
   * {@code 1 / bins} of the reference. Equal quantiles (discrete data) collapse into one edge, so
   * fewer bins may come out; a constant reference yields the single edge {@code (-inf, c], (c, +inf)}.
   * Quantiles carry the sketch's rank error, which only moves the edges; shares are then read from
   * both sketches over the same edges.
   *
   * @throws IllegalArgumentException if the sketch is empty or {@code bins < 2}
   */
  public static BinEdges fromReferenceQuantiles(KllDoublesSketch reference, int bins) {
    Sketches.requireNonEmpty(reference, "reference");
    requireBins(bins);
    double[] ranks = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      ranks[i - 1] = (double) i / bins;
    }
    return distinct(reference.getQuantiles(ranks, INCLUSIVE));
  }

  /**
   * Equal-width edges between the reference's exact minimum and maximum: {@code min + i * (max -
   * min) / bins}. Suits bounded features (scores, rates); a constant reference yields one edge.
   *
   * @throws IllegalArgumentException if the sketch is empty or {@code bins < 2}
   */
  public static BinEdges equalWidth(KllDoublesSketch reference, int bins) {
    Sketches.requireNonEmpty(reference, "reference");
    requireBins(bins);
    double min = reference.getMinItem();
    double max = reference.getMaxItem();
    double[] edges = new double[bins - 1];
    for (int i = 1; i < bins; i++) {
      edges[i - 1] = min + i * ((max - min) / bins);
    }
    return distinct(edges);
  }

  /** A copy of the interior edges. */
  public double[] edges() {
    return edges.clone();
  }

  /** Number of bins: edges + 1. */
  public int binCount() {
    return edges.length + 1;
  }

  /** Bin labels such as {@code (-inf, 1.5]}, {@code (1.5, 2.25]}, {@code (2.25, +inf)}. */
  public List<String> labels() {
    List<String> labels = new ArrayList<>(binCount());
    String lower = "-inf";
    for (double edge : edges) {
      labels.add("(" + lower + ", " + edge + "]");
      lower = Double.toString(edge);
    }
    labels.add("(" + lower + ", +inf)");
    return labels;
  }

  /**
   * The share of the sketch's weight in each bin, from {@code getCDF(edges, INCLUSIVE)}; sums to 1.
   * Each interior bin's share is within twice the sketch's rank error of the exact share, the two
   * outer bins within once.
   *
   * @throws IllegalArgumentException if the sketch is empty
   */
  public double[] shares(KllDoublesSketch sketch) {
    Sketches.requireNonEmpty(sketch, "current");
    double[] cdf = sketch.getCDF(edges, INCLUSIVE);
    double[] shares = new double[cdf.length];
    double previous = 0.0;
    for (int i = 0; i < cdf.length; i++) {
      shares[i] = Math.max(0.0, cdf[i] - previous);
      previous = cdf[i];
    }
    return shares;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BinEdges other && Arrays.equals(edges, other.edges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges);
  }

  @Override
  public String toString() {
    return "BinEdges" + Arrays.toString(edges);
  }

  private static void requireBins(int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be >= 2, was " + bins);
    }
  }

  private static BinEdges distinct(double[] candidates) {
    double[] edges = Arrays.stream(candidates).filter(Double::isFinite).sorted().distinct().toArray();
    if (edges.length == 0) {
      throw new IllegalArgumentException("reference has no finite quantiles");
    }
    return new BinEdges(edges);
  }
}
