package dev.pqp.outcome;

import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/** Turns a {@link PerformanceProfile} into the {@link Performance} figures operators read. */
public final class PerformanceMetrics {

  private PerformanceMetrics() {}

  /**
   * @param predictionCount predictions in the same window, for coverage
   */
  public static Performance of(PerformanceProfile p, long predictionCount) {
    KllDoublesSketch d = p.delaySeconds;
    return new Performance(p.labelled(), predictionCount, ratio(p.labelled(), predictionCount),
        d.isEmpty() ? null : d.getQuantile(0.5), d.isEmpty() ? null : d.getQuantile(0.95),
        d.isEmpty() ? null : d.getQuantile(0.99), binary(p.binary), multiclass(p.classes),
        regression(p.regression));
  }

  static Performance.Binary binary(BinaryTally t) {
    long n = t.count();
    if (n == 0) {
      return null;
    }
    long tp = t.truePositives;
    Double precision = ratio(tp, tp + t.falsePositives);
    Double recall = ratio(tp, tp + t.falseNegatives);
    Double f1 = ratio(2 * tp, 2 * tp + t.falsePositives + t.falseNegatives);
    return new Performance.Binary(n, tp, t.falsePositives, t.trueNegatives, t.falseNegatives,
        (double) (tp + t.trueNegatives) / n, precision, recall, f1,
        RocAuc.of(t.positiveScores, t.negativeScores), t.logLossSum / n, t.brierSum / n,
        (double) (tp + t.falsePositives) / n, (double) (tp + t.falseNegatives) / n);
  }

  static Performance.Multiclass multiclass(ClassConfusion c) {
    long n = c.count();
    if (n == 0) {
      return null;
    }
    Map<String, long[]> perClass = new HashMap<>(); // class -> {tp, as truth, as prediction}
    c.cells.forEach((cell, count) -> {
      if (cell.truth().equals(cell.predicted())) {
        perClass.computeIfAbsent(cell.truth(), x -> new long[3])[0] += count;
      }
      perClass.computeIfAbsent(cell.truth(), x -> new long[3])[1] += count;
      perClass.computeIfAbsent(cell.predicted(), x -> new long[3])[2] += count;
    });
    perClass.remove(ClassConfusion.OTHER); // pooled classes: its "hits" need not be right answers
    Map<String, Double> recall = new HashMap<>();
    double f1Sum = 0.0;
    for (Map.Entry<String, long[]> e : perClass.entrySet()) {
      long[] s = e.getValue();
      if (s[1] > 0) {
        recall.put(e.getKey(), (double) s[0] / s[1]);
      }
      f1Sum += 2.0 * s[0] / (s[1] + s[2]);
    }
    Double macroF1 = perClass.isEmpty() ? null : f1Sum / perClass.size();
    return new Performance.Multiclass(n, (double) c.correct / n, macroF1, recall);
  }

  static Performance.Regression regression(RegressionTally r) {
    if (r.count == 0) {
      return null;
    }
    double n = r.count;
    return new Performance.Regression(r.count, r.sumAbsError / n, Math.sqrt(r.sumSquaredError / n),
        ratio(r.sumAbsPercentageError, r.count - r.zeroTruths), r.zeroTruths, r.sumError / n);
  }

  private static Double ratio(double numerator, double denominator) {
    return denominator == 0 ? null : numerator / denominator;
  }
}
