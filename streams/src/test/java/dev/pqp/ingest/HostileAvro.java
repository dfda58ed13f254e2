package dev.pqp.ingest;

import dev.pqp.schema.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Avro binary of a real event in which one length, block count or union index (a "slot") is replaced by
 * a value at or beyond Java's limits, followed by a few arbitrary bytes: a record of some hundred bytes that
 * claims a string of 2 GB or a map of two billion entries. Written by a small writer of its own, because
 * Avro's encoders cannot write a lie.
 */
final class HostileAvro {
  /** Which slot to replace (modulo the number of slots of the datum), by what, and what follows it. */
  record Plan(int slot, long edge, byte[] tail, boolean confluent) {
    @Override
    public String toString() {
      return (confluent ? "confluent" : "single-object") + " slot " + slot + " = " + edge + " then "
          + FuzzSample.hex(tail);
    }
  }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final int target;
  private final Plan plan;
  private int slots;

  private HostileAvro(int target, Plan plan) {
    this.target = target;
    this.plan = plan;
  }

  static Arbitrary<FuzzSample> samples() {
    Arbitrary<Long> edges = Arbitraries.oneOf(Arbitraries.of(box(Mutations.EDGE_LONGS)), Arbitraries.longs());
    Arbitrary<byte[]> tails = Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(24),
        Arbitraries.of(Mutations.INTERESTING),
        edges.map(Mutations::varint));
    Arbitrary<Integer> slots = Arbitraries.integers().between(0, 63).withDistribution(RandomDistribution.uniform());
    Arbitrary<Plan> plans = Combinators.combine(slots, edges, tails,
        Arbitraries.of(true, false)).as(Plan::new);
    return Combinators.combine(ValidRecords.events(), plans, DecoderFuzzTest.topics())
        .as((event, plan, topic) -> {
          FuzzSample s = sample(event, plan);
          return topic.map(t -> new FuzzSample(t, s.bytes(), s.how() + " on the " + t + " topic")).orElse(s);
        });
  }

  /** Honest Avro at the size limits: predictions with up to 120,000 features (500 are allowed), either framing. */
  static Arbitrary<FuzzSample> giants() {
    Arbitrary<Integer> sizes = Arbitraries.oneOf(Arbitraries.of(500, 501, 65_536, 100_000),
        Arbitraries.integers().between(0, 120_000));
    return Combinators.combine(sizes, Arbitraries.of(WireFormat.AVRO_CONFLUENT, WireFormat.AVRO_SINGLE_OBJECT))
        .as((n, format) -> {
          PredictionEvent e = IngestFixtures.samplePredictionEvent();
          Map<String, Object> features = new LinkedHashMap<>();
          for (int i = 0; i < n; i++) {
            features.put("f" + i, i % 2 == 0 ? (Object) (long) i : "v" + i);
          }
          e.setFeatures(features);
          return new FuzzSample(EventType.PREDICTION, ValidRecords.encode(e, format), format + " with " + n + " features");
        });
  }

  static FuzzSample sample(SpecificRecordBase event, Plan plan) {
    Schema schema = event.getSchema();
    HostileAvro count = new HostileAvro(-1, plan);
    count.write(schema, event);
    HostileAvro writer = new HostileAvro(plan.slot() % count.slots, plan);
    try {
      writer.write(schema, event);
    } catch (Stop done) {
      // the lie is written: nothing after it is
    }
    byte[] header = plan.confluent()
        ? ByteBuffer.allocate(5).put((byte) 0).putInt(ValidRecords.idOf(ValidRecords.typeOf(event))).array()
        : ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
            .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
    return new FuzzSample(ValidRecords.typeOf(event), Mutations.concat(header, writer.out.toByteArray()),
        plan.toString());
  }

  private void write(Schema s, Object v) {
    switch (s.getType()) {
      case RECORD -> {
        for (Schema.Field f : s.getFields()) {
          write(f.schema(), ((IndexedRecord) v).get(f.pos()));
        }
      }
      case UNION -> {
        int branch = GenericData.get().resolveUnion(s, v);
        slot(branch);
        write(s.getTypes().get(branch), v);
      }
      case MAP -> {
        Map<?, ?> m = (Map<?, ?>) v;
        if (!m.isEmpty()) {
          slot(m.size());
          m.forEach((k, x) -> {
            write(Schema.create(Schema.Type.STRING), k);
            write(s.getValueType(), x);
          });
        }
        slot(0);
      }
      case STRING -> {
        byte[] b = v.toString().getBytes(StandardCharsets.UTF_8);
        slot(b.length);
        out.writeBytes(b);
      }
      case LONG -> out.writeBytes(Mutations.varint((Long) v));
      case DOUBLE -> out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble((Double) v).array());
      case BOOLEAN -> out.write(Boolean.TRUE.equals(v) ? 1 : 0);
      case NULL -> { }
      default -> throw new IllegalArgumentException("pqp's schemas have no " + s.getType());
    }
  }

  /** A length, count or index: the real one, or at the target slot the edge value, the tail, and stop. */
  private void slot(long real) {
    if (slots++ == target) {
      out.writeBytes(Mutations.varint(plan.edge()));
      out.writeBytes(plan.tail());
      throw new Stop();
    }
    out.writeBytes(Mutations.varint(real));
  }

  private static Long[] box(long[] values) {
    Long[] out = new Long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  /** Ends writing at the lie. */
  private static final class Stop extends RuntimeException {
    Stop() {
      super(null, null, false, false);
    }
  }
}
