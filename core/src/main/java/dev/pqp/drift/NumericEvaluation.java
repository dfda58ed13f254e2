package dev.pqp.drift;

import dev.pqp.drift.FeatureDriftResult.Statistic;
import dev.pqp.profile.Moments;
import dev.pqp.profile.NumericProfile;
import dev.pqp.stats.BinEdges;
import dev.pqp.stats.DriftMethod;
import dev.pqp.stats.Estimate;
import dev.pqp.stats.JensenShannon;
import dev.pqp.stats.KsDistance;
import dev.pqp.stats.Psi;
import dev.pqp.stats.PsiResult;
import dev.pqp.stats.Wasserstein;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The statistics of a numeric feature against its reference: PSI, KS, Wasserstein/σ, Jensen-Shannon. */
final class NumericEvaluation {
  static final double[] RANKS = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};

  private NumericEvaluation() {}

  /** Feature statistics of the window alone: quantiles by their level (0.01 ... 0.99), in level order. */
  static Map<Double, Double> quantiles(NumericProfile p) {
    Map<Double, Double> q = new TreeMap<>();
    if (p.count() == 0) {
      return q;
    }
    for (double r : RANKS) {
      q.put(r, p.quantile(r));
    }
    return q;
  }

  /** Every statistic that applies, and the movers of PSI; empty when either side has no values. */
  static Scores scores(NumericProfile ref, NumericProfile cur, int bins) {
    List<Statistic> stats = new ArrayList<>();
    if (ref == null || ref.count() == 0 || cur.count() == 0) {
      return new Scores(stats, List.of());
    }
    BinEdges edges = BinEdges.fromReferenceQuantiles(ref.sketch(), bins);
    // exact current counts when the window was counted into these very bins (the reference was known)
    long[] exact = cur.bins() != null && Arrays.equals(cur.bins().edges(), edges.edges()) ? cur.bins().counts() : null;
    PsiResult psi = exact != null ? Psi.of(edges, ref.sketch(), exact) : Psi.of(edges, ref.sketch(), cur.sketch());
    stats.add(new Statistic(DriftMethod.PSI.name(), psi.value(), psi.errorBound(), null));
    Estimate ks = KsDistance.of(ref.sketch(), cur.sketch());
    stats.add(new Statistic(DriftMethod.KS.name(), ks.value(), ks.errorBound(), null));
    Moments m = ref.moments();
    if (m.count() > 1 && m.stddev() > 0) {
      Estimate w = Wasserstein.normalized(ref.sketch(), cur.sketch(), m.stddev());
      stats.add(new Statistic(DriftMethod.WASSERSTEIN.name(), w.value(), w.errorBound(), null));
    }
    Estimate js = exact != null ? JensenShannon.of(edges, ref.sketch(), exact)
        : JensenShannon.of(edges, ref.sketch(), cur.sketch());
    stats.add(new Statistic(DriftMethod.JENSEN_SHANNON.name(), js.value(), js.errorBound(), null));
    return new Scores(stats, psi.movers(3));
  }

  /** Statistics with the PSI movers that explain them. */
  record Scores(List<Statistic> statistics, List<PsiResult.Mover> movers) {}
}
