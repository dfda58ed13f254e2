package dev.pqp.stream.drift;

import dev.pqp.topology.store.KeyCodec;
import java.nio.charset.StandardCharsets;

/**
 * A key of stage 1's progress store: the task's stream time, or the stream time last sent to stage 2 for
 * a model. Bytes as release 0.1 wrote them: UTF-8 {@code stream-time} and {@code model:} + the model.
 */
sealed interface ProgressKey {
  ProgressKey STREAM_TIME = new StreamTime();

  /** The task's stream time. */
  record StreamTime() implements ProgressKey {}

  /** The stream time last sent to stage 2 for {@code model}. */
  record Ticked(String model) implements ProgressKey {}

  KeyCodec<ProgressKey> CODEC = new KeyCodec<>() {
    private static final String STREAM = "stream-time";
    private static final String MODEL = "model:";

    @Override
    public byte[] encode(ProgressKey key) {
      String s = key instanceof Ticked t ? MODEL + t.model() : STREAM;
      return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public ProgressKey decode(byte[] bytes) {
      String s = new String(bytes, StandardCharsets.UTF_8);
      if (s.equals(STREAM)) {
        return STREAM_TIME;
      }
      if (s.startsWith(MODEL)) {
        return new Ticked(s.substring(MODEL.length()));
      }
      throw new IllegalArgumentException("not a stage-1 progress key: " + s);
    }
  };
}
