package dev.pqp.drift;

import dev.pqp.drift.FeatureDriftResult.Statistic;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.stats.CategoricalDrift;
import dev.pqp.stats.CategoryCounts;
import dev.pqp.stats.ChiSquare;
import dev.pqp.stats.ChiSquareResult;
import dev.pqp.stats.DriftMethod;
import dev.pqp.stats.PsiResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The statistics of a categorical (or boolean) feature: PSI, Jensen-Shannon, L-infinity, chi-square. */
final class CategoricalEvaluation {
  private CategoricalEvaluation() {}

  /** Exact counts below the profile's cap; what spilled past the cap is one "other" bucket. */
  static CategoryCounts counts(CategoricalProfile p) {
    return new CategoryCounts(p.exactCounts(), p.tailCount());
  }

  /**
   * The statistics over the reference's {@code topCategories} most frequent categories, every other
   * category (and the tail past the cap) in one "other" bucket. With thousands of categories (zip codes)
   * and a window of a few thousand events, most categories are empty by chance in any one window;
   * comparing them one by one would measure sampling noise, not drift.
   */
  static NumericEvaluation.Scores scores(CategoricalProfile ref, CategoricalProfile cur, int topCategories) {
    List<Statistic> stats = new ArrayList<>();
    if (ref == null || ref.count() == 0 || cur.count() == 0) {
      return new NumericEvaluation.Scores(stats, List.of());
    }
    Set<String> kept = top(ref.exactCounts(), topCategories);
    CategoryCounts r = collapse(counts(ref), kept);
    CategoryCounts c = collapse(counts(cur), kept);
    PsiResult psi = CategoricalDrift.psi(r, c);
    stats.add(new Statistic(DriftMethod.PSI.name(), psi.value(), null, null));
    stats.add(new Statistic(DriftMethod.JENSEN_SHANNON.name(), CategoricalDrift.jensenShannon(r, c), null, null));
    stats.add(new Statistic(DriftMethod.L_INFINITY.name(), CategoricalDrift.lInfinity(r, c), null, null));
    ChiSquareResult chi = ChiSquare.test(r, c);
    stats.add(new Statistic(DriftMethod.CHI_SQUARE.name(), chi.driftScore(), null, chi.pValue()));
    return new NumericEvaluation.Scores(stats, psi.movers(3));
  }

  static Set<String> top(Map<String, Long> counts, int n) {
    Set<String> kept = new HashSet<>();
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(n)
        .forEach(e -> kept.add(e.getKey()));
    return kept;
  }

  static CategoryCounts collapse(CategoryCounts counts, Set<String> kept) {
    Map<String, Long> out = new HashMap<>();
    long other = counts.other();
    for (Map.Entry<String, Long> e : counts.counts().entrySet()) {
      if (kept.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      } else {
        other += e.getValue();
      }
    }
    return new CategoryCounts(out, other);
  }
}
