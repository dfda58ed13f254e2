package dev.pqp.stream.drift;

import dev.pqp.profile.ByteStrings;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.stream.drift.StageOne.ModelTick;
import dev.pqp.stream.drift.StageOne.Partial;
import dev.pqp.stream.drift.StageOne.TaskTick;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The bytes of {@link StageOne} messages on the partials repartition topic: a kind byte, the source
 * partition, then the kind's fields. Kinds 1-3 are release 0.1/0.2's (a tick keyed by no model was that
 * release's task tick, see {@link ModelTick#deliver}); {@link #TASK_TICK} is new in 0.3.
 */
final class StageOneCodec {
  private static final byte PROFILE = 1;
  private static final byte TICK = 2;
  /** A model tick with {@code flushedThrough} (release 0.2): release 0.1's ticks are {@link #TICK}, read as no claim. */
  private static final byte IDLE_TICK = 3;
  private static final byte TASK_TICK = 4;

  /** The serde of the partials repartition topic. */
  static final Serde<StageOne> SERDE = Serdes.serdeFrom((topic, m) -> encode(m), (topic, bytes) -> decode(bytes));

  private StageOneCodec() {}

  static byte[] encode(StageOne message) {
    if (message instanceof Partial p) {
      return encode(p);
    }
    return message instanceof ModelTick t ? encode(t) : encode((TaskTick) message);
  }

  private static byte[] encode(Partial p) {
    byte[] profile = ProfileCodec.encode(p.profile());
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + ByteStrings.size(p.version()) + 8 + profile.length)
        .put(PROFILE).putInt(p.source());
    return ByteStrings.put(b, p.version()).putLong(p.windowStart()).put(profile).array();
  }

  private static byte[] encode(ModelTick t) {
    boolean idle = t.flushedThrough() != StageOne.NOT_FLUSHED;
    int size = 1 + 4 + (idle ? 8 : 0) + 4;
    for (String v : t.newest().keySet()) {
      size += ByteStrings.size(v) + 8;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(idle ? IDLE_TICK : TICK).putInt(t.source());
    if (idle) {
      b.putLong(t.flushedThrough());
    }
    b.putInt(t.newest().size());
    t.newest().forEach((v, time) -> ByteStrings.put(b, v).putLong(time));
    return b.array();
  }

  private static byte[] encode(TaskTick t) {
    return ByteBuffer.allocate(1 + 4 + 8).put(TASK_TICK).putInt(t.source()).putLong(t.flushedThrough()).array();
  }

  static StageOne decode(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte kind = b.get();
    int source = b.getInt();
    switch (kind) {
      case PROFILE -> {
        String version = ByteStrings.get(b);
        long start = b.getLong();
        byte[] p = new byte[b.remaining()];
        b.get(p);
        return new Partial(source, version, start, ProfileCodec.decode(p));
      }
      case TICK, IDLE_TICK -> {
        long flushed = kind == IDLE_TICK ? b.getLong() : StageOne.NOT_FLUSHED;
        Map<String, Long> newest = new TreeMap<>();
        int n = b.getInt();
        for (int i = 0; i < n; i++) {
          newest.put(ByteStrings.get(b), b.getLong());
        }
        return new ModelTick(source, newest, flushed);
      }
      case TASK_TICK -> {
        return new TaskTick(source, b.getLong());
      }
      default -> throw new IllegalArgumentException("unknown stage-1 message kind " + kind);
    }
  }
}
