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

  public DriftEvaluator(DriftSettings settings) {
    this.settings = settings;
  }

  /** @param reference the reference, or null when the version has none yet */
  public WindowResult evaluate(String model, String version, long start, long end, WindowProfile window,
      ReferenceProfile reference) {
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
    for (Map.Entry<String, FeatureProfile> e : features.entrySet()) {
      FeatureProfile ref = reference == null ? null : reference.profile().features().get(e.getKey());
      FeatureDriftResult r = feature(model, version, start, end, e.getKey(), e.getValue(), ref, kind, refId, events);
      if (unknownType.contains(e.getKey())) {
        r = r.withFeatureType("unknown");
      }
      out.add(r);
      if (r.driftScore() != null) {
        evaluated++;
        drifted += r.driftDetected() ? 1 : 0;
      }
    }
    return new WindowResult(model, version, start, end, kind, out, DatasetDrift.of(drifted, evaluated, settings.datasetShare()));
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

  private FeatureDriftResult feature(String model, String version, long start, long end, String name,
      FeatureProfile cur, FeatureProfile ref, String kind, String refId, long events) {
    FeatureType type = cur.kind() == FeatureKind.NUMERIC ? FeatureType.NUMERIC : FeatureType.CATEGORICAL;
    DriftMethod method = settings.method(type);
    double threshold = settings.thresholdFor(model, name, method);
    long missing = Math.max(cur.missing(), events - cur.count() - cur.invalid());
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
    boolean detected = score != null && enough && method.isDrift(score, threshold);
    return new FeatureDriftResult(model, version, name, cur.kind().name().toLowerCase(Locale.ROOT), start, end, kind,
        refId, cur.count(), missing, cur.invalid(), outOfRange, unseen, mean, std, min, max, quantiles,
        scores.statistics(), method.name(), enough ? score : null, threshold, detected, scores.movers());
  }
}
