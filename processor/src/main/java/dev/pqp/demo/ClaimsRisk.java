package dev.pqp.demo;

import dev.pqp.baseline.ReferencePublisher;
import dev.pqp.config.PqpConfig;
import dev.pqp.event.Output;
import dev.pqp.reference.ReferenceBuilder;
import dev.pqp.reference.ReferenceProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo model's input distribution before and after drift, and its score.
 *
 * <p>Features: {@code income} log-normal, {@code age} normal, {@code claim_amount} log-normal (numeric);
 * {@code zipcode} (about 3,000 values, Zipf-like) and {@code policy_type} (categorical);
 * {@code has_prior_claims} (boolean). About 1% of each is missing. After drift, {@code income} and
 * {@code claim_amount} shift up, {@code age} is missing in a quarter of events, and the score moves.
 */
public final class ClaimsRisk {
  public static final String MODEL = "claims-risk";
  public static final String[] POLICY_TYPES = {"basic", "standard", "premium", "gold"};
  private static final double[] POLICY_SHARES = {0.5, 0.3, 0.15, 0.05};
  private static final int ZIP_CODES = 3000;
  private static final double MISSING = 0.01;

  private ClaimsRisk() {}

  /** One event's features; {@code drifted} selects the distribution after the drift. */
  public static Map<String, Object> features(SplittableRandom r, boolean drifted) {
    Map<String, Object> f = new HashMap<>(8);
    double income = Math.exp(10.8 + 0.5 * gaussian(r) + (drifted ? 0.45 : 0));
    put(f, r, "income", round2(income), MISSING);
    long age = Math.max(18, Math.min(90, Math.round(45 + 12 * gaussian(r))));
    put(f, r, "age", age, drifted ? 0.25 : MISSING);
    double claim = Math.exp(8.0 + 1.0 * gaussian(r) + (drifted ? 0.6 : 0));
    put(f, r, "claim_amount", round2(claim), MISSING);
    put(f, r, "zipcode", zipcode(r), MISSING);
    put(f, r, "policy_type", POLICY_TYPES[pick(r, POLICY_SHARES)], MISSING);
    put(f, r, "has_prior_claims", r.nextDouble() < 0.3, MISSING);
    return f;
  }

  /** A training set: {@code rows} rows drawn from the distribution before drift, as a baseline file would hold. */
  public static java.util.List<Map<String, Object>> trainingRows(long seed, int rows) {
    SplittableRandom r = new SplittableRandom(seed);
    java.util.List<Map<String, Object>> out = new java.util.ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(features(r, false));
    }
    return out;
  }

  /**
   * Adds to {@code builder} a training set with the score the model gave each row, as a training file with a
   * score column would hold it: {@link #trainingRows}{@code (rowSeed, rows)}, scored with random numbers
   * from {@code scoreSeed}.
   */
  public static void addScoredTrainingRows(ReferenceBuilder builder, long rowSeed, long scoreSeed, int rows) {
    SplittableRandom scores = new SplittableRandom(scoreSeed);
    for (Map<String, Object> row : trainingRows(rowSeed, rows)) {
      double score = score(row, scores);
      builder.add(row, new Output(score, score >= 0.5 ? "1" : "0", null, null));
    }
  }

  /**
   * What {@code pqp baseline} does with a training file of this model: {@code rows} scored training rows
   * ({@link #addScoredTrainingRows}) built into a reference for all versions, published to the config's
   * reference topic; returns it.
   */
  public static ReferenceProfile publishTrainingReference(PqpConfig config, long rowSeed, long scoreSeed, int rows,
      String id, long createdMs) throws Exception {
    ReferenceBuilder builder = new ReferenceBuilder(config.analysis().profile());
    addScoredTrainingRows(builder, rowSeed, scoreSeed, rows);
    ReferenceProfile ref = builder.build(id, MODEL, ReferenceProfile.ALL_VERSIONS, createdMs);
    ReferencePublisher.publish(config.bootstrapServers(), config.topics().reference(), ref);
    return ref;
  }

  /** The positive-class probability the model gives these features. */
  public static double score(Map<String, Object> f, SplittableRandom r) {
    double z = -1.2 + 0.9 * r.nextGaussian();
    if (f.get("claim_amount") instanceof Double c) {
      z += 0.8 * (Math.log(c) - 8.0);
    }
    if (f.get("income") instanceof Double inc) {
      z -= 0.5 * (Math.log(inc) - 10.8);
    }
    if (Boolean.TRUE.equals(f.get("has_prior_claims"))) {
      z += 0.7;
    }
    return 1 / (1 + Math.exp(-z));
  }

  private static String zipcode(SplittableRandom r) {
    // Zipf-like: a few zip codes are common, most are rare
    int rank = (int) Math.min(ZIP_CODES - 1, Math.floor(Math.pow(ZIP_CODES, r.nextDouble())) - 1);
    return String.format("%05d", 10000 + rank * 7);
  }

  private static void put(Map<String, Object> f, SplittableRandom r, String name, Object value, double missing) {
    f.put(name, r.nextDouble() < missing ? null : value);
  }

  static int pick(SplittableRandom r, double[] shares) {
    double u = r.nextDouble();
    for (int i = 0; i < shares.length - 1; i++) {
      u -= shares[i];
      if (u < 0) {
        return i;
      }
    }
    return shares.length - 1;
  }

  static double gaussian(SplittableRandom r) {
    return r.nextGaussian();
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
