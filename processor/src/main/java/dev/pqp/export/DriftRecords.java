package dev.pqp.export;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.drift.WindowResult;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.PredictionMix;
import dev.pqp.profile.ServingHealth;
import dev.pqp.profile.WindowProfile;
import dev.pqp.schema.DriftStatistic;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Mover;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Maps drift results to the records of the derived topics (generated Avro classes stay at this edge). */
public final class DriftRecords {
  private DriftRecords() {}

  public static FeatureDrift featureDrift(FeatureDriftResult f) {
    return FeatureDrift.newBuilder()
        .setModelName(f.modelName())
        .setModelVersion(f.modelVersion())
        .setFeatureName(f.featureName())
        .setFeatureType(f.featureType())
        .setWindowStart(f.windowStart())
        .setWindowEnd(f.windowEnd())
        .setReferenceKind(f.referenceKind())
        .setReferenceId(f.referenceId())
        .setCount(f.count())
        .setMissingCount(f.missing())
        .setInvalidCount(f.invalid())
        .setOutOfRangeCount(f.outOfRange())
        .setUnseenCount(f.unseen())
        .setMissingRatio(f.missingRatio())
        .setOutOfRangeRatio(f.outOfRangeRatio())
        .setMean(f.mean())
        .setStddev(f.stddev())
        .setMin(f.min())
        .setMax(f.max())
        .setQuantiles(Map.copyOf(f.quantiles()))
        .setStatistics(f.statistics().stream()
            .map(s -> new DriftStatistic(s.method(), s.value(), s.errorBound(), s.pValue()))
            .collect(Collectors.toList()))
        .setPrimaryMethod(f.primaryMethod())
        .setDriftScore(f.driftScore())
        .setThreshold(f.threshold())
        .setDriftDetected(f.driftDetected())
        .setMovers(f.movers().stream()
            .map(m -> new Mover(m.label(), m.referenceShare(), m.currentShare(), m.contribution()))
            .collect(Collectors.toList()))
        .build();
  }

  public static ModelWindow modelWindow(WindowResult w, WindowProfile p) {
    PredictionMix mix = p.predictionMix();
    ServingHealth health = p.servingHealth();
    long[] hist = mix.scoreHistogram();
    long scored = Arrays.stream(hist).sum();
    long positive = 0;
    for (int i = hist.length / 2; i < hist.length; i++) {
      positive += hist[i];
    }
    boolean latency = !health.latencyMs().isEmpty();
    return ModelWindow.newBuilder()
        .setModelName(w.modelName())
        .setModelVersion(w.modelVersion())
        .setWindowStart(w.windowStart())
        .setWindowEnd(w.windowEnd())
        .setReferenceKind(w.referenceKind())
        .setEventCount(p.eventCount())
        .setLateEventCount(p.lateEventCount())
        .setFeatureCount(w.features().size())
        .setDriftedFeatureCount(w.datasetDrift().driftedFeatures())
        .setDatasetDriftShare(w.datasetDrift().share())
        .setDatasetDriftDetected(w.datasetDrift().drifted())
        .setScoreHistogram(Arrays.stream(hist).boxed().collect(Collectors.toList()))
        .setClassCounts(counts(mix.predictedClasses()))
        .setPositiveRate(scored == 0 ? null : (double) positive / scored)
        .setStatusCounts(counts(health.statuses()))
        .setLatencyP50Ms(latency ? health.latencyMs().getQuantile(0.5) : null)
        .setLatencyP99Ms(latency ? health.latencyMs().getQuantile(0.99) : null)
        .build();
  }

  private static Map<String, Long> counts(CategoricalProfile c) {
    return Map.copyOf(c.exactCounts());
  }
}
