package dev.pqp.stream.comparison;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A version's window as the comparison reads it, for one metric: the predictions behind it so far and the
 * successes among them. For {@link #ACCURACY}, the labelled predictions and the correct ones; for a business
 * outcome's rate ({@link #outcome}), the predictions in the join sample and those that got the outcome; for an
 * outcome's value per prediction ({@link #outcomeValue}), the predictions in the join sample and, in {@code values},
 * the sum and sum of squares of the values they got (0 for a prediction without the outcome).
 *
 * @param values the sums of a value metric; null for a rate, whose successes are its sums
 */
public record WindowCounts(String version, long windowStart, long labelled, long correct, String metric,
    double[] values) {
  public static final String ACCURACY = "accuracy";
  /** The serving error rate: a window's requests with a status ({@code labelled}) and those with status error. */
  public static final String ERROR_RATE = "error_rate";
  /** The predictions in the join sample ({@code labelled}) of a window, whatever their outcomes: the rates' denominator. */
  public static final String PREDICTIONS = "predictions";

  /**
   * The serde of the repartition topic by model: format byte 2, the version (UTF-8, length first), three longs, the
   * metric (UTF-8, length first). Accuracy's counts are written in format 1, without the metric, as release 0.5 wrote
   * them (so that an instance not upgraded yet still reads them during a rolling upgrade); format 1 is read as
   * accuracy. A value metric's counts are written in format 3: format 2 followed by the sum and the sum of squares
   * (doubles).
   */
  public static final Serde<WindowCounts> SERDE = Serdes.serdeFrom(serializer(), deserializer());
  static final byte FORMAT = 2;
  /** Format 2 followed by the sum and the sum of squares of a value metric. */
  static final byte VALUES_FORMAT = 3;

  public WindowCounts(String version, long windowStart, long labelled, long correct) {
    this(version, windowStart, labelled, correct, ACCURACY);
  }

  public WindowCounts(String version, long windowStart, long labelled, long correct, String metric) {
    this(version, windowStart, labelled, correct, metric, null);
  }

  /** A value metric's window: {@code n} predictions whose values sum to {@code sum}, their squares to {@code squares}. */
  public static WindowCounts values(String version, long windowStart, long n, double sum, double squares,
      String metric) {
    return new WindowCounts(version, windowStart, n, 0, metric, new double[] {sum, squares});
  }

  /** The per-prediction moments of the window: the rate's successes as 1/0 values, or the value metric's sums. */
  public dev.pqp.comparison.Moments moments() {
    return values == null ? dev.pqp.comparison.Moments.bernoulli(labelled, correct)
        : new dev.pqp.comparison.Moments(labelled, values[0], values[1]);
  }

  /** The metric of business outcome {@code name}'s rate. */
  public static String outcome(String name) {
    return "outcome_rate:" + name;
  }

  /** Whether the metric is a business outcome's rate or value, whose predictions are the join sample's. */
  public static boolean isOutcome(String metric) {
    return metric.startsWith(outcome("")) || metric.startsWith(outcomeValue(""));
  }

  /** The metric of business outcome {@code name}'s value per prediction in the join sample. */
  public static String outcomeValue(String name) {
    return "outcome_value:" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WindowCounts c && version.equals(c.version) && windowStart == c.windowStart
        && labelled == c.labelled && correct == c.correct && metric.equals(c.metric)
        && java.util.Arrays.equals(values, c.values);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(version, windowStart, labelled, correct, metric, java.util.Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return "WindowCounts[" + version + ", " + windowStart + ", " + labelled + ", " + correct + ", " + metric
        + (values == null ? "" : ", " + java.util.Arrays.toString(values)) + "]";
  }

  private static Serializer<WindowCounts> serializer() {
    return (topic, c) -> {
      if (c == null) {
        return null;
      }
      byte[] v = c.version().getBytes(StandardCharsets.UTF_8);
      boolean accuracy = ACCURACY.equals(c.metric());
      byte[] m = accuracy ? new byte[0] : c.metric().getBytes(StandardCharsets.UTF_8);
      int values = c.values() == null ? 0 : 2 * Double.BYTES;
      ByteBuffer b = ByteBuffer.allocate(1 + 4 + v.length + 3 * Long.BYTES + (accuracy ? 0 : 4 + m.length) + values)
          .put(accuracy ? 1 : values > 0 ? VALUES_FORMAT : FORMAT).putInt(v.length).put(v).putLong(c.windowStart())
          .putLong(c.labelled()).putLong(c.correct());
      if (!accuracy) {
        b.putInt(m.length).put(m);
      }
      if (values > 0) {
        b.putDouble(c.values()[0]).putDouble(c.values()[1]);
      }
      return b.array();
    };
  }

  private static Deserializer<WindowCounts> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte format = b.get();
      if (format < 1 || format > VALUES_FORMAT) {
        throw new IllegalArgumentException("window counts of format " + format + ", not 1 to " + VALUES_FORMAT);
      }
      String version = string(b);
      long start = b.getLong();
      long labelled = b.getLong();
      long correct = b.getLong();
      String metric = format == 1 ? ACCURACY : string(b);
      double[] values = format == VALUES_FORMAT ? new double[] {b.getDouble(), b.getDouble()} : null;
      return new WindowCounts(version, start, labelled, correct, metric, values);
    };
  }

  private static String string(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
