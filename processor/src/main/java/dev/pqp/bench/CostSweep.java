package dev.pqp.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pqp.config.Limits;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * How pqp's per-event cost grows with the number of features per event, the number of versions profiled
 * at once and the events per window: one thread, in process, no Kafka; each event is decoded from JSON with
 * pqp's {@link EventDecoder} (validation included) and added to its version's {@link WindowProfile}, as
 * stage 1 does. A window's profiles are dropped when the next window starts, as stage 1 forwards them.
 *
 * <p>Each case decodes {@link #EVENTS} events drawn from {@link #DISTINCT} pre-generated ones (so input
 * generation is not timed), after a warm-up pass; the figure is the thread's CPU per event. Not a JMH harness:
 * compare the figures of one run with each other.
 */
public final class CostSweep {
  static final int EVENTS = 600_000;
  private static final int DISTINCT = 50_000;
  private static final JsonFactory JSON = new JsonFactory();
  private static final String[] CATEGORIES = {"US", "GB", "DE", "FR", "ES", "IT", "NL", "SE", "PL", "BR"};

  /** One case: {@code features} per event, {@code versions} profiled at once, {@code windowEvents} per window. */
  public record Case(int features, int versions, int windowEvents) {}

  /** A case and its thread CPU in nanoseconds per event. */
  public record Point(Case c, double nanosPerEvent) {}

  private CostSweep() {}

  /** The sweep: features 5, 20, 80; versions 1, 10, 100; 10^4, 10^5 and 3x10^5 events per window. */
  public static List<Case> cases() {
    List<Case> out = new ArrayList<>();
    for (int f : new int[] {5, 20, 80}) {
      out.add(new Case(f, 2, 100_000));
    }
    for (int v : new int[] {1, 10, 100}) {
      out.add(new Case(20, v, 100_000));
    }
    for (int w : new int[] {10_000, 300_000}) {
      out.add(new Case(20, 2, w));
    }
    return out;
  }

  public static List<Point> run(List<Case> cases) {
    measure(new Case(20, 2, 100_000), EVENTS); // warm-up: the JIT compiles the decoder and the profiles
    List<Point> points = new ArrayList<>();
    for (Case c : cases) {
      points.add(new Point(c, measure(c, EVENTS)));
    }
    return points;
  }

  static double measure(Case c, int events) {
    byte[][] input = events(c, Math.min(DISTINCT, events));
    EventDecoder decoder = new EventDecoder(EventType.PREDICTION, Limits.defaults(), WriterSchemas.NONE);
    ProfileConfig config = ProfileConfig.DEFAULT;
    Map<String, WindowProfile> window = new HashMap<>();
    long now = System.currentTimeMillis();
    long cpu0 = ThreadCpu.currentThread();
    for (int i = 0; i < events; i++) {
      if (i % c.windowEvents() == 0) {
        window = new HashMap<>(); // the window ended: stage 1 forwards its partials and starts anew
      }
      Prediction p = (Prediction) decoder.decode(input[i % input.length], now, now);
      window.computeIfAbsent(p.modelVersion(), v -> new WindowProfile(config)).add(p, now, FeatureBounds.NONE, false);
    }
    return (ThreadCpu.currentThread() - cpu0) / (double) events;
  }

  /** {@code n} JSON predictions: 70 % numeric features at full precision, 20 % categorical, 10 % boolean. */
  static byte[][] events(Case c, int n) {
    SplittableRandom r = new SplittableRandom(7);
    String[] names = new String[c.features()];
    for (int f = 0; f < names.length; f++) {
      names[f] = "feature_" + f;
    }
    long ts = System.currentTimeMillis() - 60_000;
    byte[][] out = new byte[n][];
    ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
    for (int i = 0; i < n; i++) {
      buf.reset();
      try (JsonGenerator g = JSON.createGenerator(buf)) {
        g.writeStartObject();
        g.writeStringField("prediction_id", "p" + i);
        g.writeStringField("model_name", "sweep");
        g.writeStringField("model_version", "v" + (i % c.versions()));
        g.writeNumberField("timestamp", ts);
        g.writeObjectFieldStart("features");
        for (int f = 0; f < names.length; f++) {
          int kind = f % 10;
          if (kind < 7) {
            g.writeNumberField(names[f], r.nextDouble() * (f + 1) * 100);
          } else if (kind < 9) {
            g.writeStringField(names[f], CATEGORIES[r.nextInt(CATEGORIES.length)]);
          } else {
            g.writeBooleanField(names[f], r.nextBoolean());
          }
        }
        g.writeEndObject();
        g.writeObjectFieldStart("prediction");
        g.writeNumberField("score", r.nextDouble());
        g.writeEndObject();
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      out[i] = buf.toByteArray();
    }
    return out;
  }

  /** The sweep's table and its {@code BENCH_SWEEP} line. */
  public static void print(PrintStream out, List<Point> points) {
    out.printf(Locale.ROOT, "cost sweep: one thread, in process, no Kafka (JSON decode, validation, profile update"
        + " as stage 1 does), thread CPU per event over %,d events per case%n", EVENTS);
    out.printf(Locale.ROOT, "  %9s %9s %14s %12s %14s%n", "features", "versions", "events/window", "ns/event",
        "ns/feature");
    StringBuilder line = new StringBuilder("BENCH_SWEEP");
    for (Point p : points) {
      Case c = p.c();
      out.printf(Locale.ROOT, "  %9d %9d %,14d %,12.0f %,14.0f%n", c.features(), c.versions(), c.windowEvents(),
          p.nanosPerEvent(), p.nanosPerEvent() / c.features());
      line.append(String.format(Locale.ROOT, " f%d_v%d_w%d=%.0f", c.features(), c.versions(), c.windowEvents(),
          p.nanosPerEvent()));
    }
    out.println(line);
  }
}
