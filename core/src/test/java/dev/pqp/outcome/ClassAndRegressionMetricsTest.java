package dev.pqp.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Multiclass, regression, coverage and delay figures against exact values from the raw arrays. */
class ClassAndRegressionMetricsTest {
  private static final int N = 10_000;
  private static final double TOL = 1e-9;
  private static final String[] CLASSES = {"cat", "dog", "bird", "fish", "lizard"};

  @Test
  void shouldMatchExactMulticlassMetrics() {
    SplittableRandom random = new SplittableRandom(5);
    int c = CLASSES.length;
    long[][] confusion = new long[c][c];
    PerformanceProfile p = PerformanceProfile.create();
    for (int i = 0; i < N; i++) {
      int truth = random.nextInt(c);
      int predicted = random.nextDouble() < 0.6 + 0.05 * truth ? truth : random.nextInt(c);
      confusion[truth][predicted]++;
      if (i % 2 == 0) {
        p.add(Outcome.classified(0, 0, CLASSES[predicted], CLASSES[truth]));
      } else { // the predicted class as the most probable one
        p.add(new Outcome(0, 0, null, null, Map.of(CLASSES[predicted], 0.7, "other", 0.3), null, CLASSES[truth],
            null));
      }
    }
    long correct = 0;
    double f1Sum = 0;
    Performance.Multiclass m = PerformanceMetrics.of(p, N).multiclass();
    for (int k = 0; k < c; k++) {
      long asTruth = 0;
      long asPredicted = 0;
      for (int j = 0; j < c; j++) {
        asTruth += confusion[k][j];
        asPredicted += confusion[j][k];
      }
      long tp = confusion[k][k];
      correct += tp;
      double precision = (double) tp / asPredicted;
      double recall = (double) tp / asTruth;
      f1Sum += 2 * precision * recall / (precision + recall);
      assertThat(m.recall().get(CLASSES[k])).isCloseTo(recall, within(TOL));
    }

    assertThat(m.count()).isEqualTo(N);
    assertThat(m.accuracy()).isCloseTo((double) correct / N, within(TOL));
    assertThat(m.macroF1()).isCloseTo(f1Sum / c, within(TOL));
    assertThat(PerformanceMetrics.of(p, N).binary()).isNull();
  }

  @Test
  void shouldPoolClassesPastTheCapAndKeepAccuracyExact() {
    PerformanceProfile p = PerformanceProfile.create(PositiveClass.DEFAULT, 200, 3);
    String[][] pairs = {{"a", "a"}, {"b", "a"}, {"c", "c"}, {"d", "d"}, {"e", "d"}, {"f", "f"}};
    for (String[] pair : pairs) {
      p.add(Outcome.classified(0, 0, pair[1], pair[0]));
    }
    Performance.Multiclass m = PerformanceMetrics.of(p, 6).multiclass();

    assertThat(p.classes.classes).containsExactly("a", "b", "c");
    assertThat(m.accuracy()).isCloseTo(4.0 / 6, within(TOL)); // e->d is wrong though both are pooled
    assertThat(m.recall()).containsOnlyKeys("a", "b", "c");
    assertThat(m.recall().get("a")).isEqualTo(1.0);
    assertThat(m.recall().get("b")).isEqualTo(0.0);
  }

  @Test
  void shouldMatchExactRegressionMetrics() {
    SplittableRandom random = new SplittableRandom(7);
    double sumAbs = 0;
    double sumSq = 0;
    double sum = 0;
    double sumApe = 0;
    long zeros = 0;
    PerformanceProfile p = PerformanceProfile.create();
    for (int i = 0; i < N; i++) {
      double truth = i % 50 == 0 ? 0.0 : 100 * random.nextGaussian();
      double predicted = truth + 3 + 10 * random.nextGaussian();
      p.add(Outcome.regression(0, 0, predicted, truth));
      double e = predicted - truth;
      sumAbs += Math.abs(e);
      sumSq += e * e;
      sum += e;
      if (truth == 0) {
        zeros++;
      } else {
        sumApe += Math.abs(e / truth);
      }
    }
    Performance.Regression r = PerformanceMetrics.of(p, N).regression();

    assertThat(r.count()).isEqualTo(N);
    assertThat(r.zeroTruths()).isEqualTo(zeros).isEqualTo(200);
    assertThat(r.mae()).isCloseTo(sumAbs / N, within(TOL));
    assertThat(r.rmse()).isCloseTo(Math.sqrt(sumSq / N), within(TOL));
    assertThat(r.bias()).isCloseTo(sum / N, within(TOL));
    assertThat(r.mape()).isCloseTo(sumApe / (N - zeros), within(TOL));
  }

  @Test
  void shouldReportCoverageAndLabelDelayQuantiles() {
    PerformanceProfile p = PerformanceProfile.create();
    for (int s = 1; s <= 100; s++) { // delays 1..100 s; fewer than k items, so the sketch is exact
      p.add(Outcome.binary(1_000_000, 1_000_000 + 1_000L * s, 0.9, "1"));
    }
    p.add(Outcome.binary(5_000, 1_000, 0.9, "1")); // label before prediction: delay 0
    Performance perf = PerformanceMetrics.of(p, 404);

    assertThat(perf.labelled()).isEqualTo(101);
    assertThat(perf.coverage()).isCloseTo(101.0 / 404, within(TOL));
    assertThat(perf.delayP50()).isEqualTo(50.0);
    assertThat(perf.delayP95()).isEqualTo(95.0);
    assertThat(perf.delayP99()).isEqualTo(99.0);
    assertThat(p.delaySeconds.getMinItem()).isZero();
  }
}
