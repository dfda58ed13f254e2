package dev.pqp.bench;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}, which {@code json.dumps} writes for a finite float: the shortest decimal that
 * reads back as the same double (of those, the closest to it), positional when its decimal exponent is from -4
 * to 15 ({@code 0.0001}, {@code 123456789.12345679}, {@code 1000000000000000.0}, {@code 3.0}), else in exponent
 * form with a sign and at least two exponent digits ({@code 1e-05}, {@code 1e+16}, {@code 5e-324}).
 *
 * <p>The digits are those of jackson-core's Schubfach ({@code DoubleToDecimal}, the algorithm of JDK 19's
 * {@code Double.toString}); JDK 17's {@code Double.toString} is not always the shortest (1e23 comes out as
 * {@code 9.999999999999999E22}). Where one digit would do, Schubfach writes the closest decimal of two digits
 * ({@code 4.9E-324}) and Python the one digit ({@code 5e-324}): that case is checked here.
 */
final class PythonFloat {
  private static final MathContext ONE_DIGIT = new MathContext(1, RoundingMode.HALF_EVEN);

  private PythonFloat() {}

  /** {@code repr(v)} as Python writes it; {@code nan}, {@code inf} and {@code -inf} included. */
  static String repr(double v) {
    StringBuilder out = new StringBuilder(24);
    append(out, v);
    return out.toString();
  }

  /** Appends {@code repr(v)}. */
  static void append(StringBuilder out, double v) {
    if (Double.isNaN(v)) {
      out.append("nan");
      return;
    }
    if (Math.copySign(1.0, v) < 0) { // -0.0 too
      out.append('-');
    }
    double a = Math.abs(v);
    if (a == Double.POSITIVE_INFINITY) {
      out.append("inf");
    } else if (a == 0) {
      out.append("0.0");
    } else {
      Digits d = Digits.shortest(a);
      format(out, d.digits(), d.pointAt());
    }
  }

  /**
   * The shortest decimal of a positive finite double: {@code digits} without leading or trailing zeros, and the
   * position of the decimal point relative to their start, so that the value is {@code 0.digits x 10^pointAt}
   * (the {@code decpt} of Python's and David Gay's {@code dtoa}).
   */
  record Digits(String digits, int pointAt) {
    static Digits shortest(double a) {
      Digits d = parse(DoubleToDecimal.toString(a));
      if (d.digits().length() == 2) {
        BigDecimal one = new BigDecimal(a).round(ONE_DIGIT); // exact, so the closest one-digit decimal
        if (one.doubleValue() == a) {
          return new Digits(one.unscaledValue().toString(), 1 - one.scale());
        }
      }
      return d;
    }

    /** Reads Schubfach's output: {@code 123.45}, {@code 0.001} or {@code 1.2345E-7}. */
    static Digits parse(String s) {
      StringBuilder digits = new StringBuilder(20);
      int point = -1;
      int exp = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '.') {
          point = digits.length();
        } else if (c == 'E') {
          exp = Integer.parseInt(s, i + 1, s.length(), 10);
          break;
        } else {
          digits.append(c);
        }
      }
      if (point < 0) {
        point = digits.length();
      }
      int lead = 0;
      while (digits.charAt(lead) == '0') {
        lead++;
      }
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      return new Digits(digits.substring(lead, end), point - lead + exp);
    }
  }

  /** Python's {@code format_float_short} in repr mode: exponent form when {@code decpt <= -4 || decpt > 16}. */
  private static void format(StringBuilder out, String digits, int decpt) {
    int n = digits.length();
    if (decpt <= -4 || decpt > 16) {
      out.append(digits.charAt(0));
      if (n > 1) {
        out.append('.').append(digits, 1, n);
      }
      int e = decpt - 1;
      out.append('e').append(e < 0 ? '-' : '+');
      if (Math.abs(e) < 10) {
        out.append('0');
      }
      out.append(Math.abs(e));
    } else if (decpt <= 0) {
      out.append("0.").append("0".repeat(-decpt)).append(digits);
    } else if (decpt >= n) {
      out.append(digits).append("0".repeat(decpt - n)).append(".0");
    } else {
      out.append(digits, 0, decpt).append('.').append(digits, decpt, n);
    }
  }
}
