package dev.pqp.docs;

import dev.pqp.app.RuntimeMeters;
import dev.pqp.testing.Exposition;
import dev.pqp.topology.DriftFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every pqp metric ({@code ml_*}, {@code pqp_*}) an instance exports, as {@code /metrics} names them: the whole
 * topology on a {@link DriftFixture}, in the configuration that turns every family on, driven by traffic that makes
 * each appear, plus the meters the runtime binds besides the topology's ({@link RuntimeMeters}). The names are
 * collected from a scrape after every window, because some series come and go (an estimate gives way to realized
 * figures once labels come).
 *
 * <p>The traffic, in 10 s windows: a binary model {@code fraud} whose challenger v2 gets half of the pair's traffic
 * ({@code compare.versions=fraud:v2=v1@0.5}), each prediction with a score, a class, a latency, a route and a status,
 * and labels and a click outcome for its first windows only (realized performance there, an estimate after); a
 * multiclass model {@code classes} (class probabilities) and a regression model {@code price} (values), labelled in
 * the same windows; a bad record; the join reading its topics without repartitioning them
 * ({@code ground-truth.copartitioned=true}, which counts misrouted records).
 */
final class ExportedMetrics {
  static final Map<String, String> SETTINGS = Map.of(
      "ground-truth.enabled", "true",
      "ground-truth.max-delay", "10m",
      "ground-truth.copartitioned", "true",
      "performance.min-labels", "50",
      "performance.estimate.min-labels-per-bucket", "5",
      "compare.versions", "fraud:v2=v1@0.5");
  private static final int WINDOWS = 5;
  private static final int LABELLED_WINDOWS = 2;
  private static final long WINDOW_MS = 10_000;

  private final DriftFixture f;
  private final Random random = new Random(25);
  private final SortedSet<String> names = new TreeSet<>();

  private ExportedMetrics(DriftFixture f) {
    this.f = f;
  }

  /** The names of every {@code ml_*} and {@code pqp_*} sample exported, in a fresh state directory. */
  static SortedSet<String> names(Path stateDir) {
    try (DriftFixture fixture = new DriftFixture(stateDir, SETTINGS)) {
      ExportedMetrics run = new ExportedMetrics(fixture);
      for (int w = 0; w < WINDOWS; w++) {
        run.window(w, w < LABELLED_WINDOWS);
      }
      fixture.predictScore("last", "v1", WINDOWS * WINDOW_MS + 2_500, 0.5); // closes the last window
      fixture.predictions.pipeInput(null, "{not json".getBytes(StandardCharsets.UTF_8), DriftFixture.T0);
      run.emit();
      RuntimeMeters.bind(fixture.registry);
      run.collect();
      return run.names;
    }
  }

  private void window(int w, boolean labelled) {
    long start = w * WINDOW_MS;
    for (int i = 0; i < 150; i++) {
      for (String version : new String[] {"v1", "v2"}) {
        binary(version + "-" + w + "-" + i, version, start + i * 50L, labelled && i % 5 != 0);
      }
    }
    for (int i = 0; i < 60; i++) {
      multiclass("m-" + w + "-" + i, start + i * 100L, labelled);
      regression("r-" + w + "-" + i, start + i * 100L, labelled);
    }
    emit();
  }

  /** Lets the join hand its counts over (every second) and the aggregation emit; collects what is exported then. */
  private void emit() {
    f.advanceWallClock(Duration.ofSeconds(1));
    f.advanceWallClock(Duration.ofSeconds(31));
    collect();
  }

  private void collect() {
    for (Exposition.Sample s : f.scrape().samples()) {
      if (s.name().startsWith("ml_") || s.name().startsWith("pqp_")) {
        names.add(s.name());
      }
    }
  }

  private Map<String, Object> event(String id, String model, String version, long offsetMs) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("prediction_id", id);
    e.put("model_name", model);
    e.put("model_version", version);
    e.put("timestamp", DriftFixture.T0 + offsetMs);
    Map<String, Object> features = new LinkedHashMap<>();
    features.put("x", random.nextInt(20) == 0 ? null : random.nextGaussian());
    features.put("kind", new String[] {"a", "b", "c"}[random.nextInt(3)]);
    e.put("features", features);
    return e;
  }

  /** A scored prediction with its class and serving fields; its label, and a click on every fourth, if labelled. */
  private void binary(String id, String version, long offsetMs, boolean labelled) {
    double score = random.nextDouble();
    Map<String, Object> e = event(id, DriftFixture.MODEL, version, offsetMs);
    e.put("prediction", Map.of("score", score, "label", score >= 0.5 ? "1" : "0"));
    e.put("latency_ms", 5 + random.nextDouble() * 100);
    e.put("route", "/score");
    e.put("status", random.nextInt(50) == 0 ? "error" : "ok");
    f.predictEvent(e);
    if (labelled) {
      Map<String, Object> truth = truth(id, offsetMs);
      truth.put("label", random.nextDouble() < score ? "1" : "0");
      if (random.nextInt(4) == 0) {
        truth.put("outcomes", Map.of("click", 1.0));
      }
      f.groundTruthEvent(id, truth, DriftFixture.T0 + offsetMs + 5);
    }
  }

  private void multiclass(String id, long offsetMs, boolean labelled) {
    double a = random.nextDouble();
    double b = (1 - a) * random.nextDouble();
    Map<String, Object> e = event(id, "classes", "m1", offsetMs);
    String predicted = a >= b && a >= 1 - a - b ? "a" : b >= 1 - a - b ? "b" : "c";
    e.put("prediction", Map.of("label", predicted, "probabilities", Map.of("a", a, "b", b, "c", 1 - a - b)));
    f.predictEvent(e);
    if (labelled) {
      Map<String, Object> truth = truth(id, offsetMs);
      truth.put("label", random.nextBoolean() ? predicted : "c");
      f.groundTruthEvent(id, truth, DriftFixture.T0 + offsetMs + 5);
    }
  }

  private void regression(String id, long offsetMs, boolean labelled) {
    double value = 100 + 10 * random.nextGaussian();
    Map<String, Object> e = event(id, "price", "r1", offsetMs);
    e.put("prediction", Map.of("value", value));
    f.predictEvent(e);
    if (labelled) {
      Map<String, Object> truth = truth(id, offsetMs);
      truth.put("value", value + random.nextGaussian());
      f.groundTruthEvent(id, truth, DriftFixture.T0 + offsetMs + 5);
    }
  }

  private static Map<String, Object> truth(String id, long offsetMs) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("prediction_id", id);
    t.put("timestamp", DriftFixture.T0 + offsetMs + 5);
    return t;
  }
}
