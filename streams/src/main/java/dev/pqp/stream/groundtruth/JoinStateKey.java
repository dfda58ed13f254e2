package dev.pqp.stream.groundtruth;

import dev.pqp.export.GroundTruthMetrics.Result;
import dev.pqp.topology.store.KeyCodec;
import java.nio.charset.StandardCharsets;

/**
 * A key of the join's heap store of times and counts: the largest timestamp of each side (and the one time
 * of both that state written by earlier releases kept), or the running count of a {@link Result}. Bytes as
 * earlier releases wrote them: the UTF-8 names below, {@code count/} + the result's name.
 */
sealed interface JoinStateKey {
  /** The times: of predictions, of labels, and the legacy one of both. */
  enum Time implements JoinStateKey {
    PREDICTIONS("prediction-time"), LABELS("label-time"), LEGACY_BOTH("stream-time");

    private final String bytes;

    Time(String bytes) {
      this.bytes = bytes;
    }
  }

  /** The running count of {@code result}. */
  record Count(Result result) implements JoinStateKey {}

  KeyCodec<JoinStateKey> CODEC = new KeyCodec<>() {
    private static final String COUNT = "count/";

    @Override
    public byte[] encode(JoinStateKey key) {
      String s = key instanceof Count c ? COUNT + c.result().name() : ((Time) key).bytes;
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public JoinStateKey decode(byte[] bytes) {
      String s = new String(bytes, StandardCharsets.UTF_8);
      if (s.startsWith(COUNT)) {
        return new Count(Result.valueOf(s.substring(COUNT.length())));
      }
      for (Time t : Time.values()) {
        if (t.bytes.equals(s)) {
          return t;
        }
      }
      throw new IllegalArgumentException("not a key of the join's times and counts: " + s);
    }
  };
}
