package dev.pqp.outcome;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The business and proxy outcomes of a set of predictions (a click, a conversion, its revenue), by name:
 * how many predictions got each outcome (the first report of a name per prediction counts), the sum and sum of
 * squares of the values reported, and the sum of their delays after the prediction. Mergeable, so a window's
 * tally is the sum of what each join task saw of it. Sums are compensated (Neumaier), so that a mean over
 * millions of values stays within a few ulps of the exact one whatever order the values came in.
 */
public final class BusinessOutcomes {
  /** Distinct outcome names one tally keeps; a name past that is left out (and counted by the caller). */
  public static final int MAX_NAMES = 64;

  private final TreeMap<String, Sums> byName = new TreeMap<>();

  /** Adds one prediction's outcome {@code name} with {@code value}, reported {@code delayMs} after it. */
  public void add(String name, double value, long delayMs) {
    Sums s = sums(name);
    if (s == null) {
      return;
    }
    s.count++;
    s.sum.add(value);
    s.squares.add(value * value);
    s.delayMs += Math.max(0L, delayMs);
  }

  /** Adds every outcome of {@code other}. */
  public void merge(BusinessOutcomes other) {
    other.byName.forEach((name, o) -> {
      Sums s = sums(name);
      if (s == null) {
        return;
      }
      s.count += o.count;
      s.sum.add(o.sum);
      s.squares.add(o.squares);
      s.delayMs += o.delayMs;
    });
  }

  /** The sums of {@code name}, new if it has none; null past {@link #MAX_NAMES} names. */
  private Sums sums(String name) {
    Sums s = byName.get(name);
    if (s == null && byName.size() < MAX_NAMES) {
      s = new Sums();
      byName.put(name, s);
    }
    return s;
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** How many predictions got outcome {@code name}. */
  public long count(String name) {
    Sums s = byName.get(name);
    return s == null ? 0 : s.count;
  }

  /**
   * The figures of each outcome, by name, over {@code predictions} predictions (those that could get one: the
   * join sample's): count, rate (count / predictions; null without predictions), the sum, mean and variance
   * of the values, the mean delay in seconds, and the sum of the values' squares.
   */
  public List<Figures> figures(long predictions) {
    List<Figures> out = new ArrayList<>(byName.size());
    byName.forEach((name, s) -> {
      double sum = s.sum.value();
      double mean = sum / s.count;
      double variance = s.count < 2 ? 0.0 : Math.max(0.0, (s.squares.value() - s.count * mean * mean) / (s.count - 1));
      out.add(new Figures(name, s.count, predictions > 0 ? (double) s.count / predictions : null, sum, mean,
          variance, s.delayMs / 1000.0 / s.count, s.squares.value()));
    });
    return out;
  }

  /** The figures of one outcome; see {@link BusinessOutcomes#figures}; {@code sumOfSquares} of the values. */
  public record Figures(String name, long count, Double rate, double sum, double mean, double variance,
      double meanDelaySeconds, double sumOfSquares) {}

  /** Writes the tally: the names in order, each with its sums. */
  public void write(DataOutput out) throws IOException {
    out.writeInt(byName.size());
    for (Map.Entry<String, Sums> e : byName.entrySet()) {
      Sums s = e.getValue();
      out.writeUTF(e.getKey());
      out.writeLong(s.count);
      out.writeDouble(s.sum.sum);
      out.writeDouble(s.sum.compensation);
      out.writeDouble(s.squares.sum);
      out.writeDouble(s.squares.compensation);
      out.writeLong(s.delayMs);
    }
  }

  /** Reads what {@link #write} wrote. */
  public static BusinessOutcomes read(DataInput in) throws IOException {
    BusinessOutcomes t = new BusinessOutcomes();
    int n = in.readInt();
    if (n < 0 || n > MAX_NAMES) {
      throw new IOException("an outcome tally of " + n + " names");
    }
    for (int i = 0; i < n; i++) {
      String name = in.readUTF();
      Sums s = new Sums();
      s.count = in.readLong();
      s.sum.sum = in.readDouble();
      s.sum.compensation = in.readDouble();
      s.squares.sum = in.readDouble();
      s.squares.compensation = in.readDouble();
      s.delayMs = in.readLong();
      t.byName.put(name, s);
    }
    return t;
  }

  private static final class Sums {
    long count;
    final Compensated sum = new Compensated();
    final Compensated squares = new Compensated();
    long delayMs;
  }

  /** A sum with Neumaier's compensation. */
  private static final class Compensated {
    double sum;
    double compensation;

    void add(double v) {
      double t = sum + v;
      compensation += Math.abs(sum) >= Math.abs(v) ? (sum - t) + v : (v - t) + sum;
      sum = t;
    }

    void add(Compensated other) {
      add(other.sum);
      add(other.compensation);
    }

    double value() {
      return sum + compensation;
    }
  }
}
