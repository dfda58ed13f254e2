package dev.pqp.export;

import dev.pqp.drift.FeatureDriftResult;
import dev.pqp.drift.WindowResult;
import dev.pqp.schema.DriftStatistic;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.schema.Mover;
import dev.pqp.schema.PredictionDriftStatistic;
import dev.pqp.schema.RouteStatusCount;
import dev.pqp.window.MixSummary;
import dev.pqp.window.WindowOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Maps window outcomes to the records of the derived topics (generated Avro classes stay at this edge). */
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
        .setQuantiles(quantileNames(f.quantiles()))
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
        .setEffectiveThreshold(f.effectiveThreshold())
        .setPValue(f.pValue())
        .setDriftDetectedUnadjusted(f.driftDetectedUnadjusted())
        .setMergedWindows(f.mergedWindows())
        .setDriftFrom(f.mergedWindows() > 1 ? f.driftFrom() : null)
        .build();
  }

  public static ModelWindow modelWindow(WindowOutcome o) {
    WindowResult w = o.drift();
    MixSummary mix = o.mix();
    var latency = o.health().latencyQuantilesMs();
    var lag = o.eventLagSeconds();
    List<RouteStatusCount> requests = new ArrayList<>();
    new TreeMap<>(o.health().byRoute()).forEach((route, r) -> new TreeMap<>(r.statuses())
        .forEach((status, n) -> requests.add(new RouteStatusCount(route, status, n))));
    return ModelWindow.newBuilder()
        .setModelName(w.modelName())
        .setModelVersion(w.modelVersion())
        .setWindowStart(w.windowStart())
        .setWindowEnd(w.windowEnd())
        .setReferenceKind(w.referenceKind())
        .setReferenceId(o.referenceId())
        .setEventCount(o.eventCount())
        .setLateEventCount(o.lateEventCount())
        .setFeatureCount(w.features().size())
        .setDriftedFeatureCount(w.datasetDrift().driftedFeatures())
        .setDatasetDriftShare(w.datasetDrift().share())
        .setDatasetDriftDetected(w.datasetDrift().drifted())
        .setScoreHistogram(Arrays.stream(mix.scoreHistogram()).boxed().collect(Collectors.toList()))
        .setScoreSum(mix.scoreSum())
        .setClassCounts(Map.copyOf(mix.classCounts()))
        .setClassRatios(Map.copyOf(mix.classRatios()))
        .setMeanProbabilities(Map.copyOf(mix.meanProbabilities()))
        .setValueQuantiles(quantileNames(mix.valueQuantiles()))
        .setPositiveRate(mix.positiveRate())
        .setPredictionDrift(o.predictionDrift().stream()
            .map(d -> new PredictionDriftStatistic(d.baseline(), d.target(), d.method(), d.value(), d.errorBound(),
                d.threshold(), d.pValue()))
            .collect(Collectors.toList()))
        .setStatusCounts(o.health().byStatus())
        .setRequests(requests)
        .setLatencyP50Ms(latency.get(0.5))
        .setLatencyP95Ms(latency.get(0.95))
        .setLatencyP99Ms(latency.get(0.99))
        .setEventLagP50Seconds(lag.get(0.5))
        .setEventLagP95Seconds(lag.get(0.95))
        .setEventLagP99Seconds(lag.get(0.99))
        .setNewestEventTime(o.newestEventMs() == Long.MIN_VALUE ? null : o.newestEventMs())
        .build();
  }

  /** Avro maps need string keys: level 0.05 is written {@code p05}, as the schema documents. */
  static Map<String, Double> quantileNames(Map<Double, Double> quantiles) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    quantiles.forEach((level, v) -> out.put(String.format(java.util.Locale.ROOT, "p%02d", Math.round(level * 100)), v));
    return out;
  }
}
