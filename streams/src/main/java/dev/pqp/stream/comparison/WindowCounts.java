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
 * outcome's rate ({@link #outcome}), the predictions in the join sample and those that got the outcome.
 */
public record WindowCounts(String version, long windowStart, long labelled, long correct, String metric) {
  public static final String ACCURACY = "accuracy";
  /** The predictions in the join sample ({@code labelled}) of a window, whatever their outcomes: the rates' denominator. */
  public static final String PREDICTIONS = "predictions";

  /**
   * The serde of the repartition topic by model: format byte 2, the version (UTF-8, length first), three longs, the
   * metric (UTF-8, length first). Accuracy's counts are written in format 1, without the metric, as release 0.5 wrote
   * them (so that an instance not upgraded yet still reads them during a rolling upgrade); format 1 is read as
   * accuracy.
   */
  public static final Serde<WindowCounts> SERDE = Serdes.serdeFrom(serializer(), deserializer());
  static final byte FORMAT = 2;

  public WindowCounts(String version, long windowStart, long labelled, long correct) {
    this(version, windowStart, labelled, correct, ACCURACY);
  }

  /** The metric of business outcome {@code name}'s rate. */
  public static String outcome(String name) {
    return "outcome_rate:" + name;
  }

  private static Serializer<WindowCounts> serializer() {
    return (topic, c) -> {
      if (c == null) {
        return null;
      }
      byte[] v = c.version().getBytes(StandardCharsets.UTF_8);
      boolean accuracy = ACCURACY.equals(c.metric());
      byte[] m = accuracy ? new byte[0] : c.metric().getBytes(StandardCharsets.UTF_8);
      ByteBuffer b = ByteBuffer.allocate(1 + 4 + v.length + 3 * Long.BYTES + (accuracy ? 0 : 4 + m.length))
          .put(accuracy ? 1 : FORMAT).putInt(v.length).put(v).putLong(c.windowStart()).putLong(c.labelled())
          .putLong(c.correct());
      return accuracy ? b.array() : b.putInt(m.length).put(m).array();
    };
  }

  private static Deserializer<WindowCounts> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte format = b.get();
      if (format != 1 && format != FORMAT) {
        throw new IllegalArgumentException("window counts of format " + format + ", not 1 or " + FORMAT);
      }
      String version = string(b);
      long start = b.getLong();
      long labelled = b.getLong();
      long correct = b.getLong();
      return new WindowCounts(version, start, labelled, correct, format == 1 ? ACCURACY : string(b));
    };
  }

  private static String string(ByteBuffer b) {
    byte[] s = new byte[b.getInt()];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }
}
