package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PythonFloatTest {
  @Test
  void shouldWriteTheEdgeCasesAsPythonsReprDoes() {
    Map<Double, String> python = new LinkedHashMap<>(); // printed by Python 3.11's repr
    python.put(1e16, "1e+16");
    python.put(1e-5, "1e-05");
    python.put(1e-4, "0.0001");
    python.put(9.999999999999999e-05, "9.999999999999999e-05");
    python.put(0.00012345, "0.00012345");
    python.put(0.1, "0.1");
    python.put(0.3, "0.3");
    python.put(2.0 / 3, "0.6666666666666666");
    python.put(3.0, "3.0");
    python.put(100.0, "100.0");
    python.put(12345.678, "12345.678");
    python.put(123456789.12345679, "123456789.12345679");
    python.put(1e15, "1000000000000000.0");
    python.put(9999999999999998.0, "9999999999999998.0");
    python.put(1e22, "1e+22");
    python.put(1e23, "1e+23"); // JDK 17's Double.toString: 9.999999999999999E22
    python.put(1e100, "1e+100");
    python.put(-1.5e-7, "-1.5e-07");
    python.put(Double.MIN_VALUE, "5e-324"); // Double.toString: 4.9E-324
    python.put(1e-323, "1e-323"); // Double.toString: 9.9E-324
    python.put(2.5e-323, "2.5e-323");
    python.put(Double.MIN_NORMAL, "2.2250738585072014e-308");
    python.put(Double.MAX_VALUE, "1.7976931348623157e+308");
    python.put(0.0, "0.0");
    python.put(-0.0, "-0.0");
    python.put(Double.NaN, "nan");
    python.put(Double.POSITIVE_INFINITY, "inf");
    python.put(Double.NEGATIVE_INFINITY, "-inf");
    python.forEach((v, repr) -> assertThat(PythonFloat.repr(v)).as("%s", v).isEqualTo(repr));
  }

  @Test
  void shouldEqualPythonsReprOnRandomAndEdgeDoubles() throws Exception {
    List<Double> values = doubles(new SplittableRandom(2026));
    List<String> bits = values.stream().map(v -> String.format("%016x", Double.doubleToRawLongBits(v))).toList();
    List<String> python = Python.run("import struct, sys\n"
        + "for line in sys.stdin:\n"
        + "    print(repr(struct.unpack('>d', bytes.fromhex(line.strip()))[0]))\n", bits);

    assertThat(python).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      assertThat(PythonFloat.repr(values.get(i))).as("%s (bits %s)", values.get(i), bits.get(i)).isEqualTo(python.get(i));
    }
  }

  /**
   * About 6,000 doubles: every power of ten and its neighbours, the bounds of the positional form, the extremes,
   * whole numbers, short decimals, subnormals, random bit patterns and full-precision values of every magnitude.
   */
  private static List<Double> doubles(SplittableRandom r) {
    List<Double> out = new ArrayList<>(List.of(0.0, -0.0, 0.1, 0.2, 0.3, 1.0 / 3, 3.0, -3.0, 1e16, 1e-5, 1e-4, 1e15,
        1e23, 5e-324, 1e-323, 2.5e-323, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 9007199254740993.0, 123456789.12345679));
    for (int e = -325; e <= 308; e++) {
      double p = Double.parseDouble("1e" + e);
      out.addAll(List.of(p, Math.nextUp(p), Math.nextDown(p), 5 * p, 9.5 * p));
    }
    for (int i = 0; i < 1_000; i++) {
      out.add(Double.longBitsToDouble(r.nextLong())); // any exponent, NaNs included
      out.add(Double.longBitsToDouble(r.nextLong(1L << 52))); // subnormal
      out.add((double) r.nextLong(1L << 53) * (r.nextBoolean() ? 1 : -1)); // whole
      out.add(r.nextInt(1_000_000) / 1000.0); // short decimals, as rounded latencies
      out.add(r.nextDouble() * Math.pow(10, r.nextInt(-30, 30))); // full precision, any magnitude
      out.add(r.nextDouble() * r.nextDouble() * 1400); // as the bench's features
    }
    return out;
  }
}
