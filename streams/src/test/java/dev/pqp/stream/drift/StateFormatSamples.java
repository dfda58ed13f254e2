package dev.pqp.stream.drift;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.DriftSettings;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.status.WindowSummary;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.window.WindowEvaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The samples behind {@link StateFormatsTest}'s kept bytes of stage 2's version state, window summaries,
 * finalized profiles (profile history and profiles topic), keys and references: fixed
 * times, names in sorted maps, so that the same code writes the same bytes on every run.
 */
final class StateFormatSamples {
  /** 2024-05-01T00:00:00Z. */
  static final long T0 = 1_714_521_600_000L;
  static final long MINUTE = 60_000;
  static final String MODEL = "claims-risk";
  static final String VERSION = "v2";

  private StateFormatSamples() {}

  /** Stage 2's state of a model: two sources' stream times, a finalized end, late events, one version's newest. */
  static ModelState modelState() {
    ModelState s = new ModelState();
    s.sourceTimes.put(0, 10L);
    s.sourceTimes.put(3, 99L);
    s.lastFinalizedEnd = 5_000;
    s.lateDropped = 7;
    s.newestEventMs.put("v1", 123L);
    return s;
  }

  static VersionKey versionKey() {
    return new VersionKey(MODEL, VERSION);
  }

  /** A window of the feature logs without a version, counted under {@code model/*}. */
  static WindowKey windowKey() {
    return new WindowKey(new VersionKey(MODEL, ReferenceProfile.ALL_VERSIONS), T0 + 5 * MINUTE);
  }

  /**
   * A finalized window of four served predictions, 2 s late each: two numeric and categorical features,
   * scores in four score buckets, labels, one output with class probabilities, and requests on two routes
   * with a success or an error and a latency each.
   */
  static WindowProfile servedWindow(long start) {
    WindowProfile p = new WindowProfile(ProfileConfig.DEFAULT);
    Prediction[] served = {
        prediction("p1", start + 1_000, 0.15, null, 12.0, "success", "/v1/score", 52_000.5, "north"),
        prediction("p2", start + 9_000, 0.35, null, 40.0, "success", "/v1/score", 61_250.25, "south"),
        prediction("p3", start + 30_000, 0.72, new TreeMap<>(Map.of("fraud", 0.72, "ok", 0.28)), 180.0, "error",
            "/v1/score", 48_100.0, "north"),
        prediction("p4", start + 55_000, 0.91, null, 950.0, "success", "/v1/batch", 75_400.0, "west")};
    for (Prediction x : served) {
      p.add(x, x.timestampMs() + 2_000, FeatureBounds.NONE);
    }
    return p;
  }

  private static Prediction prediction(String id, long timeMs, double score, Map<String, Double> probabilities,
      Double latencyMs, String status, String route, double income, String region) {
    Map<String, Object> features = new TreeMap<>();
    features.put("income", income);
    features.put("region", region);
    Output out = new Output(score, score >= 0.5 ? "fraud" : "ok", probabilities, null);
    return new Prediction(id, MODEL, VERSION, timeMs, features, out, latencyMs, status, route, Map.of());
  }

  /**
   * A version first seen at {@code T0 + 1 s} with two finalized windows: both in its totals and in its
   * automatic baseline (which needs 3, so it is not complete yet).
   */
  static VersionState versionState() {
    VersionState s = new VersionState();
    s.firstSeenMs = T0 + 1_000;
    WindowEvaluator evaluator = new WindowEvaluator(new DriftEvaluator(DriftSettings.DEFAULT));
    for (long start : new long[] {T0, T0 + MINUTE}) {
      WindowProfile window = servedWindow(start);
      s.totals.add(evaluator.evaluate(MODEL, VERSION, start, start + MINUTE, window, null, Map.of()));
      s.baseline.add(start, window, 3, ProfileConfig.DEFAULT);
    }
    return s;
  }

  /** A window judged against a training reference: one feature drifted, one without a score. */
  static WindowSummary windowSummary() {
    Map<String, Double> classes = new LinkedHashMap<>(); // most frequent first, as WindowSummary.of keeps them
    classes.put("ok", 0.5);
    classes.put("fraud", 0.3);
    classes.put("review", 0.2);
    return new WindowSummary(MODEL, VERSION, T0, T0 + MINUTE, "training", 120, 0.5, true,
        List.of(new WindowSummary.Feature("income", 0.734, 0.31, true, 0.0, 1.5e-7, 3),
            new WindowSummary.Feature("region", null, 0.2, false, 0.25, null, 1)),
        new WindowSummary.Mix(0.45, 0.3, classes), new WindowSummary.Serving(118, 0.025, 412.5));
  }

  /**
   * A training reference as {@code pqp baseline --file claims-train.csv --score-column score --publish}
   * builds it: six rows of three features, each with the model's score.
   */
  static ReferenceProfile reference() {
    ReferenceBuilder b = new ReferenceBuilder(ProfileConfig.DEFAULT);
    Object[][] rows = {
        {50_000.0, "north", Boolean.TRUE, 0.1}, {62_500.0, "south", Boolean.FALSE, 0.2},
        {47_250.0, "north", Boolean.TRUE, 0.4}, {80_000.0, "east", Boolean.FALSE, 0.6},
        {55_500.0, "south", Boolean.TRUE, 0.3}, {71_000.0, "north", Boolean.FALSE, 0.9}};
    for (Object[] r : rows) {
      Map<String, Object> row = new TreeMap<>();
      row.put("income", r[0]);
      row.put("region", r[1]);
      row.put("returning", r[2]);
      b.add(row, new Output((Double) r[3], null, null, null));
    }
    return b.build("claims-train.csv@2024-04-30T12:00:00Z", MODEL, VERSION, T0 - 12 * 60 * MINUTE);
  }

  /**
   * A version's accuracy-drop state: a baseline of two windows (0.9), then two windows at 0.7 of a streak of three
   * towards opening.
   */
  static dev.pqp.action.VersionAccuracy versionAccuracy() {
    var settings = new dev.pqp.action.VersionAccuracy.Settings(
        new dev.pqp.action.AccuracyDropRule(0.05, 3, 20_000, false), 10, 30);
    var v = new dev.pqp.action.VersionAccuracy();
    long[][] windows = {{100, 90}, {100, 90}, {200, 140}, {50, 35}};
    for (int i = 0; i < windows.length; i++) {
      var calibration = new dev.pqp.outcome.Calibration();
      calibration.add(0.85, i % 2 == 0);
      long[] scores = new long[dev.pqp.outcome.Calibration.BUCKETS];
      scores[8] = windows[i][0];
      v.sealed("claims-risk", "v2", new dev.pqp.action.VersionAccuracy.Sealed(T0 + i * 10_000L, T0 + (i + 1) * 10_000L,
          windows[i][0], windows[i][1], scores, calibration), settings);
    }
    return v;
  }
}
