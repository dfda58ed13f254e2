package dev.pqp.profile;

import dev.pqp.event.FeatureLog;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded random predictions with numeric, categorical and boolean features, nulls and serving fields. */
final class TestEvents {
  static final long T0 = 1_700_000_000_000L;

  private TestEvents() {}

  /** {@code numeric} numeric features n0.., {@code categorical} categorical c0.. and one boolean b0. */
  static Prediction[] predictions(long seed, int count, int numeric, int categorical) {
    SplittableRandom r = new SplittableRandom(seed);
    Prediction[] out = new Prediction[count];
    for (int i = 0; i < count; i++) {
      Map<String, Object> f = new HashMap<>();
      for (int j = 0; j < numeric; j++) {
        double v = j + 10 * r.nextGaussian();
        f.put("n" + j, r.nextInt(50) == 0 ? null : (j % 3 == 0 ? (Object) Math.round(v) : (Object) v));
      }
      for (int j = 0; j < categorical; j++) {
        f.put("c" + j, r.nextInt(50) == 0 ? null : "v" + (int) Math.abs(r.nextGaussian() * (5 + 10 * j)));
      }
      f.put("b0", r.nextInt(10) < 3);
      Output o = r.nextInt(10) == 0
          ? new Output(null, null, Map.of("a", 0.2, "b", 0.5, "c", 0.3), null)
          : new Output(r.nextDouble(), r.nextBoolean() ? "pos" : "neg", null, r.nextInt(5) == 0 ? r.nextGaussian() : null);
      long ts = T0 + r.nextInt(300_000);
      out[i] = new Prediction("p" + i, "m", "1", ts, f, o, r.nextInt(4) == 0 ? null : 5 + 20 * r.nextDouble(),
          r.nextInt(20) == 0 ? "error" : "success", r.nextBoolean() ? "a" : "b", null);
    }
    return out;
  }

  static FeatureLog featureLog(long ts, Map<String, Object> features) {
    return new FeatureLog("m", "1", null, ts, features);
  }

  /** Processing time of event {@code p}: a few seconds after its event time. */
  static long processingTime(Prediction p) {
    return p.timestampMs() + 1_000 + p.predictionId().hashCode() % 1_000;
  }
}
