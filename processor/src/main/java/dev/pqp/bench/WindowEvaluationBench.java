package dev.pqp.bench;

import dev.pqp.drift.DriftEvaluator;
import dev.pqp.drift.DriftSettings;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceBounds;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.window.WindowEvaluator;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Stage 2's CPU per finalized window: {@link WindowEvaluator#evaluate} of a window of 1,000 events with 20 features
 * (14 numeric, 6 categorical of 30 categories) against a 50,000-row training reference, with pqp's noise-aware
 * verdicts (the null distributions drawn and cached at the first window) beside the same evaluation with the
 * method's threshold alone ({@code drift.false-alarm-rate=0}), rounds interleaved, medians compared; and the
 * one-off cost of the first window, when the nulls are drawn inline, against the background drawing that pqp does
 * when it first reads the reference ({@link DriftEvaluator#prepare}) and the first window after it.
 */
public final class WindowEvaluationBench {
  private static final int NUMERIC = 14;
  private static final int CATEGORICAL = 6;

  /** Median microseconds per window, noise-aware and threshold alone, and the first window's milliseconds. */
  public record Result(double noiseAwareUs, double thresholdOnlyUs, double firstWindowMs, double firstWindowKsMs,
      double drawnAheadMs, double firstWindowAfterMs, int rounds) {
    public String summary() {
      return String.format(Locale.ROOT, "window evaluation (1,000 events, %d features; median of %d rounds): "
          + "noise-aware %.1f us, threshold alone %.1f us (%.2fx); first window, nulls drawn inline: %.0f ms (numeric "
          + "KS: %.0f ms); nulls of every grid size drawn ahead, off the stream thread: %.0f ms, then the first "
          + "window: %.1f ms", NUMERIC + CATEGORICAL, rounds, noiseAwareUs, thresholdOnlyUs,
          noiseAwareUs / thresholdOnlyUs, firstWindowMs, firstWindowKsMs, drawnAheadMs, firstWindowAfterMs);
    }
  }

  private WindowEvaluationBench() {}

  public static Result run() {
    SplittableRandom r = new SplittableRandom(23);
    ReferenceBuilder builder = new ReferenceBuilder(ProfileConfig.DEFAULT);
    for (int i = 0; i < 50_000; i++) {
      builder.add(row(r));
    }
    ReferenceProfile reference = builder.build("bench", "m", "*", 0);
    ReferenceBounds bounds = new ReferenceBounds(reference, DriftSettings.DEFAULT.bins());
    WindowProfile window = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = 0; i < 1_000; i++) {
      window.add(new Prediction("p" + i, "m", "v1", i, row(r), new Output(r.nextDouble(), null, null, null), null,
          null, null, null), i, bounds);
    }
    WindowEvaluator noiseAware = new WindowEvaluator(new DriftEvaluator(DriftSettings.DEFAULT));
    DriftSettings d = DriftSettings.DEFAULT;
    WindowEvaluator thresholdOnly = new WindowEvaluator(new DriftEvaluator(d.withFalseAlarmRate(0)));
    long t0 = System.nanoTime();
    noiseAware.evaluate("m", "v1", 0, 1, window, reference, Map.of());
    double firstMs = (System.nanoTime() - t0) / 1e6;
    int warmup = 200;
    int rounds = 1_001;
    double[] aware = new double[rounds];
    double[] alone = new double[rounds];
    for (int i = -warmup; i < rounds; i++) {
      long a = System.nanoTime();
      noiseAware.evaluate("m", "v1", 0, 1, window, reference, Map.of());
      long b = System.nanoTime();
      thresholdOnly.evaluate("m", "v1", 0, 1, window, reference, Map.of());
      long c = System.nanoTime();
      if (i >= 0) {
        aware[i] = (b - a) / 1e3;
        alone[i] = (c - b) / 1e3;
      }
    }
    WindowEvaluator ks = new WindowEvaluator(new DriftEvaluator(d.withMethods(dev.pqp.stats.DriftMethod.KS,
        d.categoricalMethod())));
    long t1 = System.nanoTime();
    ks.evaluate("m", "v1", 0, 1, window, reference, Map.of());
    double ksMs = (System.nanoTime() - t1) / 1e6;
    DriftEvaluator ahead = new DriftEvaluator(DriftSettings.DEFAULT);
    long t2 = System.nanoTime();
    ahead.prepare(reference, ProfileConfig.DEFAULT.kllK());
    long t3 = System.nanoTime();
    new WindowEvaluator(ahead).evaluate("m", "v1", 0, 1, window, reference, Map.of());
    long t4 = System.nanoTime();
    return new Result(median(aware), median(alone), firstMs, ksMs, (t3 - t2) / 1e6, (t4 - t3) / 1e6, rounds);
  }

  private static double median(double[] x) {
    double[] s = x.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static Map<String, Object> row(SplittableRandom r) {
    Map<String, Object> f = new HashMap<>();
    for (int j = 0; j < NUMERIC; j++) {
      f.put("n" + j, j % 2 == 0 ? r.nextGaussian() * (j + 1) : Math.exp(r.nextGaussian()));
    }
    for (int j = 0; j < CATEGORICAL; j++) {
      f.put("c" + j, "k" + (int) Math.min(29, Math.abs(r.nextGaussian()) * 8));
    }
    return f;
  }
}
