package dev.pqp.stream.groundtruth;

import dev.pqp.topology.store.KeyCodec;
import java.nio.charset.StandardCharsets;

/**
 * A key of the aggregation's time store: its stream time, the expiry time through which every join task
 * has sealed windows, or the progress a join task reported. Bytes as release 0.1 wrote them: UTF-8
 * {@code stream-time}, {@code sealed}, {@code join/} + the task's partition.
 */
sealed interface AggregationKey {
  /** The aggregation's own times. */
  enum Time implements AggregationKey {
    STREAM_TIME("stream-time"), SEALED("sealed");

    private final String bytes;

    Time(String bytes) {
      this.bytes = bytes;
    }
  }

  /** The expiry time join task {@code partition} reported. */
  record JoinTask(int partition) implements AggregationKey {}

  KeyCodec<AggregationKey> CODEC = new KeyCodec<>() {
    private static final String JOIN = "join/";

    @Override
    public byte[] encode(AggregationKey key) {
      String s = key instanceof JoinTask j ? JOIN + j.partition() : ((Time) key).bytes;
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public AggregationKey decode(byte[] bytes) {
      String s = new String(bytes, StandardCharsets.UTF_8);
      if (s.startsWith(JOIN)) {
        return new JoinTask(Integer.parseInt(s.substring(JOIN.length())));
      }
      for (Time t : Time.values()) {
        if (t.bytes.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("not a key of the aggregation's times: " + s);
    }
  };
}
