package dev.pqp.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BusinessOutcomesTest {

  /** Exact sum of the doubles, as a BigDecimal: every double is a finite binary fraction. */
  private static BigDecimal exact(double[] values) {
    BigDecimal s = BigDecimal.ZERO;
    for (double v : values) {
      s = s.add(new BigDecimal(v));
    }
    return s;
  }

  @Test
  void shouldEqualTheExactFiguresOfTheRawValuesWhateverTheSplitAndOrder() throws IOException {
    SplittableRandom random = new SplittableRandom(11);
    int n = 200_000;
    double[] revenue = new double[n];
    long delays = 0;
    // values of very different magnitudes, so that a plain running sum loses digits
    BusinessOutcomes[] parts = {new BusinessOutcomes(), new BusinessOutcomes(), new BusinessOutcomes()};
    for (int i = 0; i < n; i++) {
      revenue[i] = (i % 1000 == 0 ? 1e9 : 1.0) * random.nextDouble() * (random.nextBoolean() ? 1 : -1);
      long delay = random.nextLong(86_400_000L);
      delays += delay;
      parts[random.nextInt(3)].add("revenue", revenue[i], delay);
    }
    BusinessOutcomes total = roundTrip(parts[2]);
    total.merge(roundTrip(parts[0]));
    total.merge(parts[1]);

    BusinessOutcomes.Figures f = total.figures(4 * n).get(0);
    BigDecimal sum = exact(revenue);
    double mean = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
    assertThat(f.name()).isEqualTo("revenue");
    assertThat(f.count()).isEqualTo(n);
    assertThat(f.rate()).isEqualTo(0.25);
    assertThat(f.sum()).isCloseTo(sum.doubleValue(), within(Math.abs(sum.doubleValue()) * 1e-12));
    assertThat(f.mean()).isCloseTo(mean, within(Math.abs(mean) * 1e-9));
    assertThat(f.meanDelaySeconds()).isCloseTo(delays / 1000.0 / n, within(1e-9));
    double[] squares = new double[n];
    for (int i = 0; i < n; i++) {
      squares[i] = revenue[i] * revenue[i];
    }
    BigDecimal variance = exact(squares).subtract(sum.multiply(sum).divide(BigDecimal.valueOf(n), MathContext.DECIMAL128))
        .divide(BigDecimal.valueOf(n - 1), MathContext.DECIMAL128);
    assertThat(f.variance()).isCloseTo(variance.doubleValue(), within(variance.doubleValue() * 1e-6));
  }

  @Test
  void shouldKeepEachNameApartAndGiveNoRateWithoutPredictions() {
    BusinessOutcomes t = new BusinessOutcomes();
    t.add("click", 1, 2_000);
    t.add("click", 1, 4_000);
    t.add("conversion", 1, 86_400_000);
    List<BusinessOutcomes.Figures> f = t.figures(0);
    assertThat(f).extracting(BusinessOutcomes.Figures::name).containsExactly("click", "conversion");
    assertThat(f.get(0).count()).isEqualTo(2);
    assertThat(f.get(0).rate()).isNull();
    assertThat(f.get(0).meanDelaySeconds()).isEqualTo(3.0);
    assertThat(t.figures(8).get(1).rate()).isEqualTo(0.125);
  }

  @Test
  void shouldKeepAtMostMaxNames() {
    BusinessOutcomes t = new BusinessOutcomes();
    for (int i = 0; i < BusinessOutcomes.MAX_NAMES + 5; i++) {
      t.add("o" + i, 1, 0);
    }
    BusinessOutcomes merged = new BusinessOutcomes();
    merged.add("extra", 1, 0);
    merged.merge(t);
    assertThat(t.figures(1)).hasSize(BusinessOutcomes.MAX_NAMES);
    assertThat(merged.figures(1)).hasSize(BusinessOutcomes.MAX_NAMES);
    assertThat(merged.count("extra")).isEqualTo(1);
  }

  private static BusinessOutcomes roundTrip(BusinessOutcomes t) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      t.write(out);
    }
    return BusinessOutcomes.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
  }
}
