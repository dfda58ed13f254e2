package dev.pqp.bench;

import static dev.pqp.bench.ProfileUpdateBench.median;

import dev.pqp.config.Limits;
import dev.pqp.event.Event;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventDecoder.JsonReading;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A micro-benchmark of JSON decoding: nanoseconds and bytes allocated per event for {@link EventDecoder} with
 * Jackson alone and with the byte-level reader (its default), on the same events: {@link BenchEvents}' JSON
 * predictions (20 features, as Jackson's generator writes them) and the same events as Python's {@code json.dumps}
 * writes them ({@code ", "} and {@code ": "}). Validation is included, as a stream task pays it.
 *
 * <p>Consumes nothing; emits a {@link Result}. Events are generated before timing, few enough (500, some 400 KB) to
 * stay in the CPU's caches, as a record just copied out of the consumer's fetch buffer is. Each round decodes one
 * batch per case, cases interleaved so that JIT and machine noise hit them alike; a batch is timed by the thread's
 * CPU time (a shared machine stretches wall time more), and a case's figure is the median over rounds, after
 * warm-up rounds. Before timing, every event is decoded both ways and the two events compared. Not a JMH harness:
 * compare the figures of one run with each other.
 */
public final class DecodeBench {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** One input shape: median ns and bytes allocated per event with Jackson alone and with the byte-level reader. */
  public record Shape(String name, double averageBytes, double jacksonNs, double fastNs, double jacksonAlloc,
      double fastAlloc) {
    public double speedup() {
      return jacksonNs / fastNs;
    }
  }

  /**
   * The shapes measured; {@code fallbacks}: records the byte-level reader left to Jackson while checked and timed;
   * {@code mismatches}: events that the two ways decoded differently (must be 0).
   */
  public record Result(List<Shape> shapes, int events, int batch, int rounds, long fallbacks, int mismatches) {
    public String summary() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
          "decode: CPU ns and bytes allocated per event, JSON predictions of 20 features, validation included (median"
              + " of %d rounds x %d events, %,d distinct events)%n", rounds, batch, events));
      StringBuilder line = new StringBuilder("BENCH_DECODE");
      for (Shape c : shapes) {
        s.append(String.format(Locale.ROOT, "  %-28s %5.0f B   Jackson %,7.0f ns %,7.0f B   byte-level %,7.0f ns"
                + " %,7.0f B   %.2fx faster%n", c.name(), c.averageBytes(), c.jacksonNs(), c.jacksonAlloc(), c.fastNs(),
            c.fastAlloc(), c.speedup()));
        String key = c.name().startsWith("json.dumps") ? "python" : "compact";
        line.append(String.format(Locale.ROOT, " %s_jackson_ns=%.0f %s_fast_ns=%.0f", key, c.jacksonNs(), key,
            c.fastNs()));
      }
      s.append(String.format(Locale.ROOT, "  records left to Jackson by the byte-level reader: %,d; events decoded"
          + " differently: %d%n", fallbacks, mismatches));
      return s.append(line).toString();
    }
  }

  private DecodeBench() {}

  /** Runs on 500 distinct events, batches of 500, 200 warm-up and 301 measured rounds: a few seconds. */
  public static Result run() {
    return run(500, 500, 200, 301);
  }

  public static Result run(int events, int batch, int warmupRounds, int rounds) {
    long now = System.currentTimeMillis();
    byte[][] compact = events(events, now);
    byte[][] python = new byte[events][];
    for (int i = 0; i < events; i++) {
      python[i] = pythonSeparators(compact[i]);
    }
    EventDecoder jackson = decoder(JsonReading.JACKSON);
    EventDecoder fast = decoder(JsonReading.FAST);
    int mismatches = mismatches(jackson, fast, compact, now) + mismatches(jackson, fast, python, now);
    byte[][][] inputs = {compact, python};
    long[][][] ns = new long[2][2][rounds];
    long[][][] alloc = new long[2][2][rounds];
    int offset = 0;
    for (int r = -warmupRounds; r < rounds; r++) {
      offset = offset + batch > events ? 0 : offset;
      for (int shape = 0; shape < 2; shape++) {
        EventDecoder[] ways = {jackson, fast};
        for (int way = 0; way < 2; way++) {
          long a0 = THREADS.getCurrentThreadAllocatedBytes();
          long t = time(ways[way], inputs[shape], offset, batch, now);
          long a = THREADS.getCurrentThreadAllocatedBytes() - a0;
          if (r >= 0) {
            ns[shape][way][r] = t;
            alloc[shape][way][r] = a;
          }
        }
      }
      offset += batch;
    }
    List<Shape> shapes = new ArrayList<>();
    String[] names = {"compact (Jackson's writer)", "json.dumps (\", \" \": \")"};
    for (int shape = 0; shape < 2; shape++) {
      shapes.add(new Shape(names[shape], averageLength(inputs[shape]), median(ns[shape][0]) / batch,
          median(ns[shape][1]) / batch, median(alloc[shape][0]) / batch, median(alloc[shape][1]) / batch));
    }
    return new Result(shapes, events, batch, rounds, fast.jsonFallbacks(), mismatches);
  }

  private static EventDecoder decoder(JsonReading reading) {
    return new EventDecoder(EventType.PREDICTION, Limits.defaults(), WriterSchemas.NONE, reading);
  }

  /** {@code n} of BenchEvents' JSON predictions, in the hour before {@code now}. */
  static byte[][] events(int n, long now) {
    BenchEvents gen = new BenchEvents(n, now - 3_600_000L, 1, 3_540_000L, 42);
    SplittableRandom r = new SplittableRandom(42);
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      out[i] = gen.event(i, gen.timestampMs(i, r), r);
    }
    return out;
  }

  /** The same JSON with a space after every ':' and ',' outside strings, as Python's json.dumps separates. */
  static byte[] pythonSeparators(byte[] json) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64);
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte c = json[i];
      out.write(c);
      if (inString) {
        if (c == '\\') {
          out.write(json[++i]);
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == ':' || c == ',') {
        out.write(' ');
      }
    }
    return out.toByteArray();
  }

  private static int mismatches(EventDecoder a, EventDecoder b, byte[][] input, long now) {
    int n = 0;
    for (byte[] bytes : input) {
      Event x = a.decode(bytes, now, now);
      Event y = b.decode(bytes, now, now);
      n += x.equals(y) ? 0 : 1;
    }
    return n;
  }

  private static long time(EventDecoder decoder, byte[][] input, int from, int n, long now) {
    long sink = 0;
    long t0 = THREADS.getCurrentThreadCpuTime();
    for (int i = from; i < from + n; i++) {
      sink += decoder.decode(input[i], now, now).timestampMs();
    }
    long t = THREADS.getCurrentThreadCpuTime() - t0;
    return sink == 42 ? t + 1 : t; // keeps the decoded events alive for the JIT
  }

  private static double averageLength(byte[][] input) {
    return Arrays.stream(input).mapToInt(b -> b.length).average().orElse(0);
  }

  /** Prints one run's summary. */
  public static void main(String[] args) {
    System.out.println(run().summary());
  }
}
