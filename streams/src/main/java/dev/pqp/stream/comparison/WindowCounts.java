package dev.pqp.stream.comparison;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** A version's window as the comparison reads it: its labelled predictions and the correct ones so far. */
public record WindowCounts(String version, long windowStart, long labelled, long correct) {
  /** The serde of the repartition topic by model: format byte 1, the version (UTF-8, length first), three longs. */
  public static final Serde<WindowCounts> SERDE = Serdes.serdeFrom(serializer(), deserializer());
  static final byte FORMAT = 1;

  private static Serializer<WindowCounts> serializer() {
    return (topic, c) -> {
      if (c == null) {
        return null;
      }
      byte[] v = c.version().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(1 + 4 + v.length + 3 * Long.BYTES).put(FORMAT).putInt(v.length).put(v)
          .putLong(c.windowStart()).putLong(c.labelled()).putLong(c.correct()).array();
    };
  }

  private static Deserializer<WindowCounts> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer b = ByteBuffer.wrap(bytes);
      if (b.get() != FORMAT) {
        throw new IllegalArgumentException("window counts of format " + bytes[0] + ", not " + FORMAT);
      }
      byte[] v = new byte[b.getInt()];
      b.get(v);
      return new WindowCounts(new String(v, StandardCharsets.UTF_8), b.getLong(), b.getLong(), b.getLong());
    };
  }
}
