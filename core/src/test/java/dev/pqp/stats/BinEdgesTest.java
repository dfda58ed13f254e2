package dev.pqp.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class BinEdgesTest {

  private static KllDoublesSketch sketch(double... values) {
    KllDoublesSketch s = KllDoublesSketch.newHeapInstance(200);
    for (double v : values) {
      s.update(v);
    }
    return s;
  }

  @Test
  void shouldPutValueEqualToEdgeIntoLowerBin() {
    BinEdges bins = BinEdges.of(2, 3);
    assertThat(bins.shares(sketch(1, 2, 3, 4))).containsExactly(0.5, 0.25, 0.25);
    assertThat(bins.labels()).containsExactly("(-inf, 2.0]", "(2.0, 3.0]", "(3.0, +inf)");
  }

  @Test
  void shouldCutReferenceIntoDecilesByDefault() {
    double[] values = new double[100];
    for (int i = 0; i < 100; i++) {
      values[i] = i + 1; // 1..100, exact mode: decile i/10 is 10 * i
    }
    BinEdges bins = BinEdges.fromReferenceQuantiles(sketch(values));
    assertThat(bins.edges()).containsExactly(10, 20, 30, 40, 50, 60, 70, 80, 90);
    assertThat(bins.shares(sketch(values))).containsOnly(new double[] {0.1}, within(1e-12));
  }

  @Test
  void shouldDeduplicateQuantilesOfDiscreteData() {
    double[] values = new double[100];
    for (int i = 70; i < 100; i++) {
      values[i] = 1; // 70% zeros, 30% ones
    }
    BinEdges bins = BinEdges.fromReferenceQuantiles(sketch(values));
    assertThat(bins.edges()).containsExactly(0, 1);
    assertThat(bins.shares(sketch(values))).containsExactly(0.7, 0.30000000000000004, 0.0);
  }

  @Test
  void shouldGiveOneEdgeForConstantReference() {
    assertThat(BinEdges.fromReferenceQuantiles(sketch(5, 5, 5)).edges()).containsExactly(5);
    assertThat(BinEdges.equalWidth(sketch(5, 5, 5), 4).edges()).containsExactly(5);
  }

  @Test
  void shouldCutEqualWidthBetweenReferenceMinAndMax() {
    assertThat(BinEdges.equalWidth(sketch(0, 3, 10), 5).edges()).containsExactly(2, 4, 6, 8);
  }

  @Test
  void shouldRejectBadEdgesAndEmptySketches() {
    assertThatThrownBy(() -> BinEdges.of(1, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinEdges.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinEdges.fromReferenceQuantiles(sketch(), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinEdges.fromReferenceQuantiles(sketch(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> BinEdges.of(1).shares(sketch())).isInstanceOf(IllegalArgumentException.class);
  }
}
