package dev.pqp.stream.groundtruth;

import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import dev.pqp.schema.BusinessOutcome;
import dev.pqp.stream.Windows;

/**
 * Builds the {@code ml.quality.performance} record of a window from its realized {@link Performance} or,
 * when given one, from a {@link CbpeEstimate}: then accuracy, F1 and ROC AUC are the estimate's,
 * {@code estimated} is true and the figures only labels give (precision, recall, log loss, ...) are absent;
 * the counts, coverage and label delays are always the realized ones. Below {@code minLabels} labels without an
 * estimate the record is {@code provisional}: counts only, no figure a handful of labels would make up.
 */
final class PerformanceRecords {
  private PerformanceRecords() {}

  static dev.pqp.schema.Performance of(PerformanceWindow w, Performance p, CbpeEstimate estimate, Windows windows,
      double sampleRate, int minLabels) {
    var b = dev.pqp.schema.Performance.newBuilder()
        .setModelName(w.model)
        .setModelVersion(w.version)
        .setWindowStart(w.start)
        .setWindowEnd(windows.end(w.start))
        .setPredictionCount(w.predictions)
        .setSampledPredictionCount(w.sampledPredictions)
        .setLabelledCount(p.labelled())
        .setCoverage(p.coverage() == null ? 0.0 : p.coverage())
        .setSampleRate(sampleRate)
        .setLabelDelayP50Seconds(p.delayP50())
        .setLabelDelayP95Seconds(p.delayP95())
        .setLabelDelayP99Seconds(p.delayP99())
        .setEstimated(estimate != null)
        .setOutcomes(outcomes(w));
    if (estimate != null) {
      return b.setAccuracy(estimate.accuracy()).setF1(estimate.f1()).setRocAuc(estimate.rocAuc()).build();
    }
    boolean provisional = p.labelled() < minLabels;
    b.setProvisional(provisional);
    Performance.Binary bin = p.binary();
    if (bin != null) {
      b.setAccuracyCount(bin.count()).setCorrectCount(bin.truePositives() + bin.trueNegatives());
      if (!provisional) {
        b.setAccuracy(bin.accuracy()).setPrecision(bin.precision()).setRecall(bin.recall()).setF1(bin.f1())
            .setRocAuc(bin.rocAuc() == null ? null : bin.rocAuc().value()).setLogLoss(bin.logLoss())
            .setBrier(bin.brier()).setPredictedPositiveRate(bin.predictedPositiveRate())
            .setActualPositiveRate(bin.actualPositiveRate());
      }
    } else if (p.multiclass() != null) {
      b.setAccuracyCount(p.multiclass().count())
          .setCorrectCount(Math.round(p.multiclass().accuracy() * p.multiclass().count())); // correct / count, exact
      if (!provisional) {
        b.setAccuracy(p.multiclass().accuracy()).setMacroF1(p.multiclass().macroF1())
            .setClassRecall(new java.util.TreeMap<>(p.multiclass().recall()));
      }
    }
    Performance.Regression r = p.regression();
    if (r != null && !provisional) {
      b.setMae(r.mae()).setRmse(r.rmse()).setMape(r.mape()).setBias(r.bias()).setMapeZeroTruths(r.zeroTruths());
    }
    return b.build();
  }

  private static java.util.List<BusinessOutcome> outcomes(PerformanceWindow w) {
    return w.business.figures(w.sampledPredictions).stream()
        .map(f -> BusinessOutcome.newBuilder().setName(f.name()).setCount(f.count()).setRate(f.rate())
            .setValueSum(f.sum()).setValueMean(f.mean()).setValueVariance(f.variance())
            .setMeanDelaySeconds(f.meanDelaySeconds()).setValueSumOfSquares(f.sumOfSquares()).build())
        .toList();
  }
}
