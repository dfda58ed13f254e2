package dev.pqp.drift;

import dev.pqp.stats.DatasetDrift;
import java.util.List;

/** All feature results of one model version's window, and the dataset drift over them. */
public record WindowResult(
    String modelName,
    String modelVersion,
    long windowStart,
    long windowEnd,
    String referenceKind,
    List<FeatureDriftResult> features,
    DatasetDrift datasetDrift) {}
