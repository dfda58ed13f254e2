package dev.pqp.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.stats.Estimate;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Performance figures against exact values computed here from the raw arrays. */
class PerformanceMetricsTest {
  private static final int N = 10_000;
  private static final double TOL = 1e-9;
  private static final String[] POSITIVE = {"1", "true", "TRUE", "True"};
  private static final String[] NEGATIVE = {"0", "false", "FALSE", "no"};

  private final double[] scores = new double[N];
  private final boolean[] actual = new boolean[N];
  private final String[] labels = new String[N];

  PerformanceMetricsTest() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < N; i++) {
      scores[i] = i % 997 == 0 ? (i % 2 == 0 ? 0.0 : 1.0) : random.nextDouble(); // some scores clip
      actual[i] = random.nextDouble() < 0.2 + 0.6 * scores[i];
      String[] pool = actual[i] ? POSITIVE : NEGATIVE;
      labels[i] = pool[random.nextInt(pool.length)];
    }
  }

  private PerformanceProfile binaryProfile(int from, int to) {
    PerformanceProfile p = PerformanceProfile.create();
    for (int i = from; i < to; i++) {
      p.add(Outcome.binary(1_000L * i, 1_000L * i + 60_000, scores[i], labels[i]));
    }
    return p;
  }

  @Test
  void shouldMatchExactBinaryMetricsOnRandomOutcomes() {
    long tp = 0;
    long fp = 0;
    long tn = 0;
    long fn = 0;
    double logLoss = 0;
    double brier = 0;
    for (int i = 0; i < N; i++) {
      boolean predicted = scores[i] >= 0.5;
      tp += predicted && actual[i] ? 1 : 0;
      fp += predicted && !actual[i] ? 1 : 0;
      tn += !predicted && !actual[i] ? 1 : 0;
      fn += !predicted && actual[i] ? 1 : 0;
      double p = Math.min(1 - 1e-15, Math.max(1e-15, scores[i]));
      logLoss += -(actual[i] ? Math.log(p) : Math.log(1 - p));
      brier += Math.pow(scores[i] - (actual[i] ? 1 : 0), 2);
    }

    Performance perf = PerformanceMetrics.of(binaryProfile(0, N), 2 * N);
    Performance.Binary b = perf.binary();

    assertThat(new long[] {b.truePositives(), b.falsePositives(), b.trueNegatives(), b.falseNegatives()})
        .containsExactly(tp, fp, tn, fn);
    assertThat(b.accuracy()).isCloseTo((double) (tp + tn) / N, within(TOL));
    assertThat(b.precision()).isCloseTo((double) tp / (tp + fp), within(TOL));
    assertThat(b.recall()).isCloseTo((double) tp / (tp + fn), within(TOL));
    double precision = (double) tp / (tp + fp);
    double recall = (double) tp / (tp + fn);
    assertThat(b.f1()).isCloseTo(2 * precision * recall / (precision + recall), within(TOL));
    assertThat(b.logLoss()).isCloseTo(logLoss / N, within(TOL));
    assertThat(b.brier()).isCloseTo(brier / N, within(TOL));
    assertThat(b.predictedPositiveRate()).isCloseTo((double) (tp + fp) / N, within(TOL));
    assertThat(b.actualPositiveRate()).isCloseTo((double) (tp + fn) / N, within(TOL));
    assertThat(perf.coverage()).isEqualTo(0.5);
    assertThat(perf.delayP50()).isEqualTo(60.0);
    assertThat(perf.delayP99()).isEqualTo(60.0);
  }

  @Test
  void shouldEstimateRocAucWithinItsBoundOfTheExactRankStatistic() {
    Estimate auc = PerformanceMetrics.of(binaryProfile(0, N), N).binary().rocAuc();
    double exact = mannWhitney(scores, actual);

    System.out.printf(Locale.ROOT, "ROC AUC: sketch %.5f exact %.5f error %.5f bound %.5f%n",
        auc.value(), exact, Math.abs(auc.value() - exact), auc.errorBound());
    assertThat(auc.errorBound()).isPositive(); // both sketches past k: the bound is not vacuous zero
    assertThat(auc.value()).isCloseTo(exact, within(auc.errorBound())).isCloseTo(exact, within(0.01));
  }

  @Test
  void shouldComputeRocAucExactlyWhileSketchesHoldEveryScore() {
    double[] s = {0.1, 0.4, 0.4, 0.35, 0.8, 0.9, 0.4};
    boolean[] y = {false, false, true, true, true, false, false};
    PerformanceProfile p = PerformanceProfile.create();
    for (int i = 0; i < s.length; i++) {
      p.add(Outcome.binary(0, 0, s[i], y[i] ? "1" : "0"));
    }
    Estimate auc = PerformanceMetrics.of(p, s.length).binary().rocAuc();
    assertThat(auc.errorBound()).isZero();
    assertThat(auc.value()).isCloseTo(mannWhitney(s, y), within(TOL));
  }

  @Test
  void shouldMergeTwoHalvesIntoTheWhole() {
    PerformanceProfile whole = binaryProfile(0, N);
    PerformanceProfile half = binaryProfile(0, N / 2);
    half.merge(binaryProfile(N / 2, N));

    Performance.Binary a = PerformanceMetrics.of(whole, N).binary();
    Performance.Binary b = PerformanceMetrics.of(half, N).binary();
    assertThat(half.labelled()).isEqualTo(whole.labelled()).isEqualTo(N);
    assertThat(new long[] {b.truePositives(), b.falsePositives(), b.trueNegatives(), b.falseNegatives()})
        .containsExactly(a.truePositives(), a.falsePositives(), a.trueNegatives(), a.falseNegatives());
    assertThat(half.binary.positiveScores.getN()).isEqualTo(whole.binary.positiveScores.getN());
    assertThat(b.logLoss()).isCloseTo(a.logLoss(), within(TOL));
    assertThat(b.brier()).isCloseTo(a.brier(), within(TOL));
    assertThat(b.rocAuc().value()).isCloseTo(mannWhitney(scores, actual), within(b.rocAuc().errorBound()));
  }

  @Test
  void shouldReturnNullRatiosWhenTheirDenominatorIsZero() {
    PerformanceProfile p = PerformanceProfile.create();
    p.add(Outcome.binary(0, 0, 0.2, "0"));
    p.add(Outcome.binary(0, 0, 0.3, "no"));
    Performance perf = PerformanceMetrics.of(p, 0);

    assertThat(perf.binary().precision()).isNull();
    assertThat(perf.binary().recall()).isNull();
    assertThat(perf.binary().f1()).isNull();
    assertThat(perf.binary().rocAuc()).isNull();
    assertThat(perf.binary().accuracy()).isEqualTo(1.0);
    assertThat(perf.coverage()).isNull();
    assertThat(perf.multiclass()).isNull();
    assertThat(perf.regression()).isNull();
  }

  /** AUC as the Mann-Whitney U over n_pos * n_neg, with mid-ranks for ties: O(n log n). */
  static double mannWhitney(double[] s, boolean[] y) {
    Integer[] order = new Integer[s.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (i, j) -> Double.compare(s[i], s[j]));
    double rankSum = 0;
    long pos = 0;
    for (int start = 0; start < s.length; ) {
      int end = start;
      while (end < s.length && s[order[end]] == s[order[start]]) {
        end++;
      }
      double midRank = (start + 1 + end) / 2.0;
      for (int k = start; k < end; k++) {
        if (y[order[k]]) {
          rankSum += midRank;
          pos++;
        }
      }
      start = end;
    }
    long neg = s.length - pos;
    return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
  }
}
