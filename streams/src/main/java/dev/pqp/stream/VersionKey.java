package dev.pqp.stream;

import dev.pqp.event.ModelEvent;
import dev.pqp.topology.store.KeyCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One model version: what windows, baselines and gauges belong to. Feature logs without a version count
 * under {@code model/*}. Its bytes are the model's UTF-8 bytes, a NUL, the version's: no name pqp accepts
 * contains a control character, so the split is unambiguous.
 */
public record VersionKey(String model, String version) {
  public static final KeyCodec<VersionKey> CODEC = new KeyCodec<>() {
    @Override
    public byte[] encode(VersionKey key) {
      return key.bytes();
    }

    @Override
    public VersionKey decode(byte[] bytes) {
      return read(ByteBuffer.wrap(bytes), bytes.length);
    }
  };

  /**
   * The version an event is counted and profiled under: predictions by their model and version, feature
   * logs without a version under {@code model/*}.
   */
  public static VersionKey of(ModelEvent event) {
    return new VersionKey(event.modelName(), event.profiledVersion());
  }

  /** {@code model/version}: the key of every derived record. */
  public String output() {
    return model + "/" + version;
  }

  public byte[] bytes() {
    byte[] m = model.getBytes(StandardCharsets.UTF_8);
    byte[] v = version.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(m.length + 1 + v.length).put(m).put((byte) 0).put(v).array();
  }

  /** Reads a key written by {@link #bytes()} that takes the next {@code length} bytes of {@code b}. */
  public static VersionKey read(ByteBuffer b, int length) {
    byte[] all = new byte[length];
    b.get(all);
    for (int i = 0; i < length; i++) {
      if (all[i] == 0) {
        return new VersionKey(new String(all, 0, i, StandardCharsets.UTF_8),
            new String(all, i + 1, length - i - 1, StandardCharsets.UTF_8));
      }
    }
    throw new IllegalArgumentException("not a version key: no separator");
  }

  @Override
  public String toString() {
    return output();
  }
}
