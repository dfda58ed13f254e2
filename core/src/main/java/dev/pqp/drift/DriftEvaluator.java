package dev.pqp.drift;

import dev.pqp.drift.FeatureDriftResult.Statistic;
import dev.pqp.drift.NumericEvaluation.Scores;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureKind;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.Moments;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stats.BenjaminiHochberg;
import dev.pqp.stats.DatasetDrift;
import dev.pqp.stats.DriftMethod.FeatureType;
import dev.pqp.stats.DriftMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Evaluates a finalized window profile against a reference: per feature its statistics, the primary
 * score and verdict; then dataset drift. Consumes profiles, returns a {@link WindowResult}.
 */
public final class DriftEvaluator {
  private final DriftSettings settings;
  private final NullModels nulls = new NullModels();

  public DriftEvaluator(DriftSettings settings) {
    this.settings = settings;
  }

  /** @param reference the reference, or null when the version has none yet */
  public WindowResult evaluate(String model, String version, long start, long end, WindowProfile window,
      ReferenceProfile reference) {
    return evaluate(model, version, start, end, window, reference, null);
  }

  /**
   * @param reference the reference, or null when the version has none yet
   * @param merged the window merged with the windows before it, or null: a feature with fewer than
   *     {@code drift.min-count} values in the window is evaluated on the merge when the merge holds more of it
   */
  public WindowResult evaluate(String model, String version, long start, long end, WindowProfile window,
      ReferenceProfile reference, MergedSpan merged) {
    String kind = reference == null ? ReferenceKind.NONE.code() : reference.kind().code();
    String refId = reference == null ? null : reference.id();
    long events = window.eventCount();
    List<FeatureDriftResult> out = new ArrayList<>();
    int drifted = 0;
    int evaluated = 0;
    Map<String, FeatureProfile> features = new TreeMap<>(window.features());
    Set<String> unknownType = new HashSet<>();
    for (String name : absentFeatures(window, reference)) {
      // missing in every event of the window: the most important data-quality failure must still be
      // reported (missing ratio 1), typed as the reference says, else as unknown
      FeatureProfile ref = reference == null ? null : reference.profile().features().get(name);
      if (ref == null) {
        unknownType.add(name);
      }
      features.put(name, FeatureProfile.create(ref == null ? FeatureKind.NUMERIC : ref.kind(), window.config()));
    }
    String nullKey = reference == null ? null : nullKey(reference);
    Window w = new Window(model, version, start, end, kind, refId, nullKey, events);
    for (Map.Entry<String, FeatureProfile> e : features.entrySet()) {
      FeatureProfile ref = reference == null ? null : reference.profile().features().get(e.getKey());
      FeatureDriftResult r = feature(w, merged, e.getKey(), e.getValue(), ref);
      out.add(unknownType.contains(e.getKey()) ? r.withFeatureType("unknown") : r);
    }
    List<FeatureDriftResult> adjusted = adjusted(out);
    for (FeatureDriftResult r : adjusted) {
      if (r.driftScore() != null) {
        evaluated++;
        drifted += r.driftDetected() ? 1 : 0;
      }
    }
    return new WindowResult(model, version, start, end, kind, adjusted,
        DatasetDrift.of(drifted, evaluated, settings.datasetShare()));
  }

  /**
   * Draws, now, the nulls a window against {@code reference} will read for its features (each feature's primary
   * statistic at every size of the grid, the largest first, for windows whose numeric sketches have {@code windowK}),
   * so that no window pays for them when it is evaluated; the prediction mix's few small nulls are drawn by its first
   * window. A feature the reference holds no value of is skipped, as its evaluation skips it. Safe to run on another
   * thread than the evaluations: the nulls are drawn as an evaluation would draw them ({@link #nullAt}), to the same
   * values. Nothing with {@code drift.false-alarm-rate} 0.
   */
  public void prepare(ReferenceProfile reference, int windowK) {
    if (settings.falseAlarmRate() == 0) {
      return;
    }
    String key = nullKey(reference);
    for (int i = NullModels.GRID.length - 1; i >= 0; i--) { // the largest first: most windows read it
      for (Map.Entry<String, FeatureProfile> e : new TreeMap<>(reference.profile().features()).entrySet()) {
        FeatureProfile ref = e.getValue();
        if (ref.count() > 0) {
          FeatureType type = ref.kind() == FeatureKind.NUMERIC ? FeatureType.NUMERIC : FeatureType.CATEGORICAL;
          nullAt(key, e.getKey(), settings.method(type), ref, windowK, NullModels.GRID[i]);
        }
      }
    }
  }

  /** How many null distributions this evaluator keeps (drawn by evaluations or by {@link #prepare}). */
  public int nullsKept() {
    return nulls.size();
  }

  /** The key of a reference's nulls: its model, version, id and creation time. */
  public static String nullKey(ReferenceProfile reference) {
    return reference.modelName() + "/" + reference.modelVersion() + "/" + reference.id() + "@" + reference.createdMs();
  }

  /**
   * A statistic held to its noise at the window's size: the threshold it had to reach and its p-value (null with
   * {@code drift.false-alarm-rate} 0: the threshold alone).
   */
  public record Noise(double effectiveThreshold, Double pValue) {}

  /**
   * A prediction-mix statistic against the reference ({@code target} score or class), held to its noise at the
   * window's {@code n} as a feature's is: {@code referenceShares} its buckets' or classes' shares in the reference,
   * or null for KS of the scores' sketches ({@code windowK}); null without values.
   */
  public Noise predictionNoise(ReferenceProfile reference, String target, DriftMethod method, double[] referenceShares,
      int windowK, double value, double threshold, long n) {
    if (n == 0) {
      return null;
    }
    if (settings.falseAlarmRate() == 0) {
      return new Noise(threshold, null);
    }
    NullDistribution nul = referenceShares == null ? nulls.ks(windowK, n)
        : nulls.shares(nullKey(reference), "prediction:" + target, method, referenceShares, n);
    return noise(nul, threshold, value, n);
  }

  /**
   * A prediction-mix statistic between two windows of the version's own traffic (against {@code 24h} or
   * {@code version:V}) of {@code n} and {@code m} values. Both are samples: to first order the two-sample PSI and KS
   * under no drift are distributed as the one-sample statistic of a window of the effective size nm/(n+m) (PSI as
   * chi-square(b - 1) (1/n + 1/m), KS as Kolmogorov's law at sqrt(nm/(n+m))), so the value is held to that null,
   * drawn from the windows' {@code pooledShares} (null for KS of the scores' sketches, {@code windowK}); null
   * without values on either side.
   */
  public Noise predictionNoiseBetween(String target, DriftMethod method, double[] pooledShares, int windowK,
      double value, double threshold, long n, long m) {
    if (n == 0 || m == 0) {
      return null;
    }
    if (settings.falseAlarmRate() == 0) {
      return new Noise(threshold, null);
    }
    long effective = Math.max(1, Math.round((double) n * m / (n + m)));
    NullDistribution nul = pooledShares == null ? nulls.ks(windowK, effective)
        : nulls.pooled("prediction:" + target, method, pooledShares, effective);
    return noise(nul, threshold, value, effective);
  }

  /** {@code value} of a window of {@code n} held to the larger of {@code threshold} and its null's quantile. */
  private Noise noise(NullDistribution nul, double threshold, double value, long n) {
    return new Noise(Math.max(threshold, nul.quantile(settings.falseAlarmRate(), n)), nul.pValue(value, n));
  }

  /** The window's verdicts with the false-discovery rate across its features held at {@code drift.fdr}. */
  private List<FeatureDriftResult> adjusted(List<FeatureDriftResult> results) {
    double[] p = results.stream().filter(r -> r.pValue() != null).mapToDouble(FeatureDriftResult::pValue).toArray();
    double cutoff = BenjaminiHochberg.cutoff(p, settings.fdr());
    List<FeatureDriftResult> out = new ArrayList<>(results.size());
    for (FeatureDriftResult r : results) {
      // without a p-value (drift.false-alarm-rate 0) the verdict is the threshold's alone, as documented
      boolean discovery = r.pValue() == null || r.pValue() <= cutoff;
      out.add(r.driftDetectedUnadjusted() && discovery ? r : r.withAdjustedVerdict(false));
    }
    return out;
  }

  /**
   * The feature on its window; with some but too few values there, its drift (not its quality figures, which stay
   * the window's: a feature that went missing must show) on the merged span when that holds more.
   */
  private FeatureDriftResult feature(Window w, MergedSpan merged, String name, FeatureProfile cur, FeatureProfile ref) {
    FeatureDriftResult own = feature(w, name, cur, ref);
    FeatureProfile longer = merged == null || cur.count() == 0 || cur.count() >= settings.minCount() ? null
        : merged.features().get(name);
    return longer != null && longer.count() > cur.count()
        ? own.withDriftOf(feature(w.over(merged), name, longer, ref), merged.start(), merged.windows()) : own;
  }

  /** What the features of one window share. */
  private record Window(String model, String version, long start, long end, String kind, String refId,
      String nullKey, long events) {
    Window over(MergedSpan span) {
      return new Window(model, version, span.start(), end, kind, refId, nullKey, 0); // its drift alone is kept
    }
  }

  /** Features the reference knows, or the window saw only as null, that have no typed profile in the window. */
  private static Set<String> absentFeatures(WindowProfile window, ReferenceProfile reference) {
    Set<String> names = new TreeSet<>(window.untypedFeatures().keySet());
    if (reference != null) {
      names.addAll(reference.profile().features().keySet());
    }
    names.removeAll(window.features().keySet());
    return names;
  }

  private FeatureDriftResult feature(Window w, String name, FeatureProfile cur, FeatureProfile ref) {
    FeatureType type = cur.kind() == FeatureKind.NUMERIC ? FeatureType.NUMERIC : FeatureType.CATEGORICAL;
    DriftMethod method = settings.method(type);
    double threshold = settings.thresholdFor(w.model(), name, method);
    long missing = Math.max(cur.missing(), w.events() - cur.count() - cur.invalid());
    Scores scores;
    Double mean = null;
    Double std = null;
    Double min = null;
    Double max = null;
    Map<Double, Double> quantiles = Map.of();
    long outOfRange = 0;
    long unseen = 0;
    if (cur instanceof NumericProfile n) {
      scores = NumericEvaluation.scores(ref instanceof NumericProfile rn ? rn : null, n, settings.bins());
      Moments m = n.moments();
      if (m.count() > 0) {
        mean = m.mean();
        std = m.count() > 1 ? m.stddev() : 0.0;
        min = m.min();
        max = m.max();
      }
      quantiles = NumericEvaluation.quantiles(n);
      outOfRange = n.outOfRange();
    } else {
      CategoricalProfile c = (CategoricalProfile) cur;
      scores = CategoricalEvaluation.scores(ref instanceof CategoricalProfile rc ? rc : null, c, settings.topCategories());
      unseen = c.unseenInReference();
    }
    Double score = null;
    for (Statistic s : scores.statistics()) {
      if (s.method().equals(method.name())) {
        score = s.value();
      }
    }
    boolean enough = cur.count() >= settings.minCount();
    Verdict v = score != null && enough ? verdict(w, name, method, threshold, score, ref, cur) : Verdict.NONE;
    return new FeatureDriftResult(w.model(), w.version(), name, cur.kind().name().toLowerCase(Locale.ROOT), w.start(),
        w.end(), w.start(), 1, w.kind(), w.refId(), cur.count(), missing, cur.invalid(), outOfRange, unseen, mean, std, min, max,
        quantiles, scores.statistics(), method.name(), enough ? score : null, threshold, v.effective(), v.pValue(),
        v.detected(), v.detected(), scores.movers());
  }

  /** A score held to its threshold at the window's size. */
  private record Verdict(Double effective, Double pValue, boolean detected) {
    static final Verdict NONE = new Verdict(null, null, false);
  }

  private Verdict verdict(Window w, String name, DriftMethod method, double threshold, double score,
      FeatureProfile ref, FeatureProfile cur) {
    NullDistribution nul = nullOf(w.nullKey(), name, method, ref, cur);
    if (nul == null) { // chi-square: the score is its own p-value
      return new Verdict(threshold, method == DriftMethod.CHI_SQUARE ? score : null, method.isDrift(score, threshold));
    }
    Noise held = noise(nul, threshold, score, cur.count());
    return new Verdict(held.effectiveThreshold(), held.pValue(), method.isDrift(score, held.effectiveThreshold()));
  }

  /** The null distribution of the primary statistic at the window's size; null where none is drawn. */
  private NullDistribution nullOf(String key, String name, DriftMethod method, FeatureProfile ref, FeatureProfile cur) {
    if (settings.falseAlarmRate() == 0) {
      return null;
    }
    if (ref instanceof NumericProfile && cur instanceof NumericProfile n) {
      return nullAt(key, name, method, ref, n.sketch().getK(), n.count());
    }
    return ref instanceof CategoricalProfile ? nullAt(key, name, method, ref, 0, cur.count()) : null;
  }

  /**
   * The null of {@code method} for feature {@code name} of the reference keyed {@code key}, for windows of about
   * {@code n} values (numeric ones sketched with {@code windowK}): what an evaluation and {@link #prepare} both read.
   */
  private NullDistribution nullAt(String key, String name, DriftMethod method, FeatureProfile ref, int windowK, long n) {
    if (ref instanceof NumericProfile rn) {
      return nulls.numeric(key, name, method, rn, settings.bins(), windowK, n);
    }
    CategoricalProfile rc = (CategoricalProfile) ref;
    return nulls.categorical(key, name, method, rc, () -> CategoricalEvaluation.top(rc.exactCounts(),
        settings.topCategories()), n);
  }
}
