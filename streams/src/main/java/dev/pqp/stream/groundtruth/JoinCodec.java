package dev.pqp.stream.groundtruth;

import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.Calibration;
import dev.pqp.outcome.Outcome;
import dev.pqp.outcome.PerformanceCodec;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.stream.groundtruth.JoinRecords.Counted;
import dev.pqp.stream.groundtruth.JoinRecords.In;
import dev.pqp.stream.groundtruth.JoinRecords.Joined;
import dev.pqp.stream.groundtruth.JoinRecords.Label;
import dev.pqp.stream.groundtruth.JoinRecords.Out;
import dev.pqp.stream.groundtruth.JoinRecords.Pending;
import dev.pqp.stream.groundtruth.JoinRecords.Progress;
import dev.pqp.topology.store.ValueCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The bytes of the ground-truth join's messages ({@link JoinRecords}): on its repartition topics and in its
 * stores. A leading tag tells the kinds apart; only this codec reads it.
 */
public final class JoinCodec {
  private static final byte PREDICTION = 'P';
  private static final byte LABEL = 'L';
  private static final byte COUNTED = 'C';
  private static final byte OUTCOME = 'O';
  private static final byte PROGRESS = 'T';

  /** The serde of the join's input: predictions and labels keyed by prediction_id. */
  static final Serde<In> IN = Serdes.serdeFrom((topic, m) -> encode(m), (topic, bytes) -> decodeIn(bytes));
  /** The serde of what the join hands to the aggregation, keyed {@code model/version}. */
  static final Serde<Out> OUT = Serdes.serdeFrom((topic, m) -> encode(m), (topic, bytes) -> decodeOut(bytes));
  /** The serde of the pending-prediction store's values. */
  static final Serde<Pending> PENDING = Serdes.serdeFrom((topic, p) -> encode(p), (topic, b) -> decodePending(b));
  /** The serde of the early-label store's values. */
  static final Serde<Label> LABELS = Serdes.serdeFrom((topic, l) -> encode(l), (topic, b) -> decodeLabel(b));

  private JoinCodec() {}

  public static byte[] encode(In message) {
    return message instanceof Pending p ? encode(p) : encode((Label) message);
  }

  public static In decodeIn(byte[] bytes) {
    return tag(bytes) == PREDICTION ? decodePending(bytes) : decodeLabel(bytes);
  }

  public static byte[] encode(Out message) {
    if (message instanceof Joined j) {
      return encode(j);
    }
    return message instanceof Counted c ? encode(c) : encode((Progress) message);
  }

  public static Out decodeOut(byte[] bytes) {
    return switch (tag(bytes)) {
      case PROGRESS -> decodeProgress(bytes);
      case COUNTED -> decodeCounted(bytes);
      default -> decodeJoined(bytes);
    };
  }

  public static byte[] encode(Progress p) {
    return write(out -> {
      out.writeByte(PROGRESS);
      out.writeInt(p.partition());
      out.writeLong(p.expiredThrough());
    });
  }

  public static Progress decodeProgress(byte[] bytes) {
    return read(bytes, PROGRESS, in -> new Progress(in.readInt(), in.readLong()));
  }

  private static byte tag(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("an empty join record");
    }
    return bytes[0];
  }

  public static byte[] encode(Pending p) {
    return write(out -> {
      out.writeByte(PREDICTION);
      writeHead(out, p.model(), p.version(), p.timeMs());
      writeOutput(out, p.score(), p.label(), p.probabilities(), p.value());
      out.writeBoolean(p.joined());
    });
  }

  public static Pending decodePending(byte[] bytes) {
    return read(bytes, PREDICTION, in -> new Pending(in.readUTF(), in.readUTF(), in.readLong(), optDouble(in),
        optString(in), probabilities(in), optDouble(in), in.readBoolean()));
  }

  public static byte[] encode(Label l) {
    return write(out -> {
      out.writeByte(LABEL);
      out.writeLong(l.timeMs());
      writeOpt(out, l.label());
      writeOpt(out, l.value());
      // business outcomes, since 0.6: absent in earlier bytes, which end here, and with none
      if (!l.outcomes().isEmpty()) {
        out.writeInt(l.outcomes().size());
        for (Map.Entry<String, Double> e : l.outcomes().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeDouble(e.getValue());
        }
      }
    });
  }

  public static Label decodeLabel(byte[] bytes) {
    return read(bytes, LABEL, in -> {
      long time = in.readLong();
      String label = optString(in);
      Double value = optDouble(in);
      Map<String, Double> outcomes = new TreeMap<>();
      for (int n = in.available() == 0 ? 0 : in.readInt(); n > 0; n--) {
        outcomes.put(in.readUTF(), in.readDouble());
      }
      return new Label(time, label, value, outcomes);
    });
  }

  public static byte[] encode(Counted c) {
    return write(out -> {
      out.writeByte(COUNTED);
      writeHead(out, c.model, c.version, c.windowStart);
      out.writeLong(c.predictions);
      out.writeLong(c.sampled);
      for (long n : c.scoreBuckets) {
        out.writeLong(n);
      }
      // the outcomes, since release 0.4: absent in earlier bytes, which end here, and with none
      if (c.outcomes != null || c.business != null) {
        out.writeBoolean(c.outcomes != null);
      }
      if (c.outcomes != null) {
        byte[] profile = PerformanceCodec.encode(c.outcomes);
        out.writeInt(profile.length);
        out.write(profile);
        for (int b = 0; b < Calibration.BUCKETS; b++) {
          out.writeLong(c.calibration.labelled(b));
          out.writeLong(c.calibration.positives(b));
        }
      }
      // the business outcomes, since 0.6: absent in earlier bytes, which end here, and with none
      if (c.business != null) {
        c.business.write(out);
      }
    });
  }

  public static Counted decodeCounted(byte[] bytes) {
    return read(bytes, COUNTED, in -> {
      String model = in.readUTF();
      String version = in.readUTF();
      long start = in.readLong();
      long predictions = in.readLong();
      long sampled = in.readLong();
      long[] buckets = new long[Calibration.BUCKETS];
      for (int b = 0; b < buckets.length; b++) {
        buckets[b] = in.readLong();
      }
      PerformanceProfile outcomes = null;
      long[] labelled = new long[Calibration.BUCKETS];
      long[] positives = new long[Calibration.BUCKETS];
      if (in.available() > 0 && in.readBoolean()) {
        outcomes = PerformanceCodec.decode(in.readNBytes(in.readInt()));
        for (int b = 0; b < Calibration.BUCKETS; b++) {
          labelled[b] = in.readLong();
          positives[b] = in.readLong();
        }
      }
      Counted c = new Counted(model, version, start, predictions, sampled, buckets, outcomes,
          Calibration.of(labelled, positives));
      if (in.available() > 0) {
        c.business = BusinessOutcomes.read(in);
      }
      return c;
    });
  }

  /** {@link Counted} as the join keeps it between hand-overs. */
  static final ValueCodec<Counted> COUNTED_CODEC = new ValueCodec<>() {
    @Override
    public byte[] encode(Counted c) {
      return JoinCodec.encode(c);
    }

    @Override
    public Counted decode(byte[] bytes) {
      return decodeCounted(bytes);
    }
  };

  public static byte[] encode(Joined j) {
    Outcome o = j.outcome();
    return write(out -> {
      out.writeByte(OUTCOME);
      writeHead(out, j.model(), j.version(), o.predictionTimeMs());
      out.writeLong(o.labelTimeMs());
      writeOutput(out, o.score(), o.predictedLabel(), o.probabilities(), o.predictedValue());
      writeOpt(out, o.trueLabel());
      writeOpt(out, o.trueValue());
    });
  }

  public static Joined decodeJoined(byte[] bytes) {
    return read(bytes, OUTCOME, in -> {
      String model = in.readUTF();
      String version = in.readUTF();
      long predicted = in.readLong();
      long labelled = in.readLong();
      Double score = optDouble(in);
      String label = optString(in);
      Map<String, Double> probabilities = probabilities(in);
      Double value = optDouble(in);
      return new Joined(model, version,
          new Outcome(predicted, labelled, score, label, probabilities, value, optString(in), optDouble(in)));
    });
  }

  private static void writeHead(DataOutputStream out, String model, String version, long timeMs) throws IOException {
    out.writeUTF(model);
    out.writeUTF(version);
    out.writeLong(timeMs);
  }

  private static void writeOutput(DataOutputStream out, Double score, String label, Map<String, Double> probabilities,
      Double value) throws IOException {
    writeOpt(out, score);
    writeOpt(out, label);
    Map<String, Double> sorted = new TreeMap<>(probabilities);
    out.writeInt(sorted.size());
    for (Map.Entry<String, Double> e : sorted.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeDouble(e.getValue());
    }
    writeOpt(out, value);
  }

  private static void writeOpt(DataOutputStream out, Double v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeDouble(v);
    }
  }

  private static void writeOpt(DataOutputStream out, String v) throws IOException {
    out.writeBoolean(v != null);
    if (v != null) {
      out.writeUTF(v);
    }
  }

  private static Double optDouble(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readDouble() : null;
  }

  private static String optString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static Map<String, Double> probabilities(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, Double> out = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      out.put(in.readUTF(), in.readDouble());
    }
    return out;
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private interface Reader<T> {
    T read(DataInputStream in) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static <T> T read(byte[] bytes, byte tag, Reader<T> r) {
    if (bytes.length == 0 || bytes[0] != tag) {
      throw new IllegalArgumentException("not a join record of type " + (char) tag);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
      return r.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
