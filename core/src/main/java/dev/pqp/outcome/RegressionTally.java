package dev.pqp.outcome;

/**
 * Sums of regression errors {@code e = predicted - truth}: exact and mergeable by addition. Absolute
 * percentage errors are summed over non-zero truths only; zero truths are counted, not divided by.
 */
final class RegressionTally {
  long count;
  long zeroTruths;
  double sumAbsError;
  double sumSquaredError;
  double sumError;
  double sumAbsPercentageError;

  void add(double predicted, double truth) {
    double e = predicted - truth;
    count++;
    sumAbsError += Math.abs(e);
    sumSquaredError += e * e;
    sumError += e;
    if (truth == 0.0) {
      zeroTruths++;
    } else {
      sumAbsPercentageError += Math.abs(e) / Math.abs(truth);
    }
  }

  void merge(RegressionTally other) {
    count += other.count;
    zeroTruths += other.zeroTruths;
    sumAbsError += other.sumAbsError;
    sumSquaredError += other.sumSquaredError;
    sumError += other.sumError;
    sumAbsPercentageError += other.sumAbsPercentageError;
  }
}
