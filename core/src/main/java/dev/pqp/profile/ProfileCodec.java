package dev.pqp.profile;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The versioned binary form of profiles, for state stores, changelogs and the reference topic.
 *
 * <p>Consumes a {@link WindowProfile} (or one {@link FeatureProfile}) and emits bytes, and back. The
 * first byte is the format version ({@link #VERSION}); counts are varints, doubles 8 bytes, strings
 * length-prefixed UTF-8, sketches their own DataSketches bytes ({@code toByteArray()}, read back with
 * {@code heapify}). Maps are written in name order, so equal profiles give equal bytes. Decoding an
 * unknown version, truncated bytes or trailing bytes throws {@link ProfileFormatException}. Encoding is
 * O(size of the profile): call it when a store must persist a profile, never per event.
 */
public final class ProfileCodec {
  /** The format version this class writes; it reads this one and {@link #OLDEST_READABLE}. */
  public static final int VERSION = 3;
  /** Format 2 lacks the exact serving counts, score sum and class probabilities of format 3: read as empty. */
  public static final int OLDEST_READABLE = 2;

  private ProfileCodec() {}

  public static byte[] encode(WindowProfile p) {
    BinaryOut out = new BinaryOut();
    out.writeByte(VERSION);
    ProfileConfig c = p.config;
    out.writeVarLong(c.kllK());
    out.writeVarLong(c.categoryCap());
    out.writeVarLong(c.frequentItemsMapSize());
    out.writeVarLong(c.maxFeatures());
    out.writeVarLong(p.predictions);
    out.writeVarLong(p.featureLogs);
    out.writeVarLong(p.late);
    out.writeVarLong(p.overflowFeatures);
    out.writeLong(p.firstEventMs);
    out.writeLong(p.lastEventMs);
    FeatureCodec.writeKll(out, p.lagSeconds);
    writeMix(out, p.mix);
    writeHealth(out, p.health);
    Map<String, FeatureProfile> features = new TreeMap<>(p.features);
    out.writeVarLong(features.size());
    features.forEach((name, f) -> {
      out.writeString(name);
      FeatureCodec.writeFeature(out, f);
    });
    Map<String, long[]> untyped = new TreeMap<>(p.untyped);
    out.writeVarLong(untyped.size());
    untyped.forEach((name, n) -> {
      out.writeString(name);
      out.writeVarLong(n[0]);
      out.writeVarLong(n[1]);
    });
    writeFormat3(out, p);
    return out.toByteArray();
  }

  public static WindowProfile decode(byte[] bytes) {
    BinaryIn in = begin(bytes, "window profile");
    int format = bytes[0];
    ProfileConfig config;
    try {
      config = new ProfileConfig((int) in.readVarLong("kllK"), (int) in.readVarLong("categoryCap"),
          (int) in.readVarLong("frequentItemsMapSize"), (int) in.readVarLong("maxFeatures"));
    } catch (IllegalArgumentException e) {
      throw new ProfileFormatException("corrupt window profile config: " + e.getMessage(), e);
    }
    long predictions = in.readVarLong("predictions");
    long featureLogs = in.readVarLong("featureLogs");
    long late = in.readVarLong("late");
    long overflow = in.readVarLong("overflowFeatures");
    long first = in.readLong("firstEventMs");
    long last = in.readLong("lastEventMs");
    var lag = FeatureCodec.readKll(in, "event lag sketch");
    PredictionMix mix = readMix(in, config);
    ServingHealth health = readHealth(in);
    int nFeatures = in.readSize("feature count");
    HashMap<String, FeatureProfile> features = new HashMap<>(nFeatures * 2);
    for (int i = 0; i < nFeatures; i++) {
      features.put(in.readString("feature name"), FeatureCodec.readFeature(in));
    }
    int nUntyped = in.readSize("untyped feature count");
    HashMap<String, long[]> untyped = new HashMap<>(nUntyped * 2);
    for (int i = 0; i < nUntyped; i++) {
      untyped.put(in.readString("feature name"), new long[] {in.readVarLong("missing"), in.readVarLong("invalid")});
    }
    if (format >= 3) {
      readFormat3(in, mix, health);
    }
    in.expectEnd("window profile");
    WindowProfile p = new WindowProfile(config, features, untyped, mix, health, lag);
    p.predictions = predictions;
    p.featureLogs = featureLogs;
    p.late = late;
    p.overflowFeatures = overflow;
    p.firstEventMs = first;
    p.lastEventMs = last;
    return p;
  }

  /** One feature profile on its own, with the same version byte. */
  public static byte[] encodeFeature(FeatureProfile p) {
    BinaryOut out = new BinaryOut();
    out.writeByte(VERSION);
    FeatureCodec.writeFeature(out, p);
    return out.toByteArray();
  }

  public static FeatureProfile decodeFeature(byte[] bytes) {
    BinaryIn in = begin(bytes, "feature profile");
    FeatureProfile p = FeatureCodec.readFeature(in);
    in.expectEnd("feature profile");
    return p;
  }

  private static BinaryIn begin(byte[] bytes, String what) {
    if (bytes == null || bytes.length == 0) {
      throw new ProfileFormatException("empty " + what + ": no format version byte");
    }
    BinaryIn in = new BinaryIn(bytes);
    int version = in.readByte("version");
    if (version < OLDEST_READABLE || version > VERSION) {
      throw new ProfileFormatException("unknown " + what + " format version " + version + " (this pqp reads versions "
          + OLDEST_READABLE + " to " + VERSION + ")");
    }
    return in;
  }

  private static void writeMix(BinaryOut out, PredictionMix m) {
    FeatureCodec.writeKll(out, m.scores);
    for (long n : m.histogram) {
      out.writeVarLong(n);
    }
    FeatureCodec.writeCategorical(out, m.classes);
    FeatureCodec.writeKll(out, m.values);
    out.writeVarLong(m.invalid);
  }

  private static PredictionMix readMix(BinaryIn in, ProfileConfig config) {
    var scores = FeatureCodec.readKll(in, "score sketch");
    long[] histogram = new long[PredictionMix.BUCKETS];
    for (int i = 0; i < histogram.length; i++) {
      histogram[i] = in.readVarLong("score histogram");
    }
    CategoricalProfile classes = FeatureCodec.readCategorical(in, FeatureKind.CATEGORICAL);
    var values = FeatureCodec.readKll(in, "regression value sketch");
    return new PredictionMix(scores, histogram, classes, values, in.readVarLong("invalid outputs"), 0,
        new long[PredictionMix.LE_BOUNDS.length], new TreeMap<>(), 0, config.categoryCap());
  }

  private static void writeHealth(BinaryOut out, ServingHealth h) {
    FeatureCodec.writeCategorical(out, h.statuses);
    FeatureCodec.writeCategorical(out, h.routes);
    FeatureCodec.writeKll(out, h.latencyMs);
    out.writeVarLong(h.invalidLatency);
  }

  private static ServingHealth readHealth(BinaryIn in) {
    CategoricalProfile statuses = FeatureCodec.readCategorical(in, FeatureKind.CATEGORICAL);
    CategoricalProfile routes = FeatureCodec.readCategorical(in, FeatureKind.CATEGORICAL);
    var latency = FeatureCodec.readKll(in, "latency sketch");
    return new ServingHealth(statuses, routes, latency, in.readVarLong("invalid latencies"), new HashMap<>(), 0);
  }

  /** What format 3 added, after everything format 2 had: score sum, class probabilities, exact serving counts. */
  private static void writeFormat3(BinaryOut out, WindowProfile p) {
    PredictionMix m = p.mix;
    out.writeDouble(m.scoreSum);
    for (long n : m.leBuckets) {
      out.writeVarLong(n);
    }
    out.writeVarLong(m.probabilityOutputs);
    out.writeVarLong(m.probabilitySums.size());
    m.probabilitySums.forEach((c, sum) -> {
      out.writeString(c);
      out.writeDouble(sum);
    });
    ServingHealth h = p.health;
    out.writeVarLong(h.pooled);
    Map<String, RequestStats> routes = new TreeMap<>(h.byRoute);
    out.writeVarLong(routes.size());
    routes.forEach((route, r) -> {
      out.writeString(route);
      Map<String, Long> statuses = new TreeMap<>(r.statuses);
      out.writeVarLong(statuses.size());
      statuses.forEach((status, n) -> {
        out.writeString(status);
        out.writeVarLong(n);
      });
      for (long n : r.latencyBuckets) {
        out.writeVarLong(n);
      }
      out.writeDouble(r.latencySumSeconds);
    });
  }

  private static void readFormat3(BinaryIn in, PredictionMix m, ServingHealth h) {
    m.scoreSum = in.readDouble("score sum");
    for (int i = 0; i < m.leBuckets.length; i++) {
      m.leBuckets[i] = in.readVarLong("score le bucket");
    }
    m.probabilityOutputs = in.readVarLong("probability outputs");
    int classes = in.readSize("probability classes");
    for (int i = 0; i < classes; i++) {
      m.probabilitySums.put(in.readString("class"), in.readDouble("probability sum"));
    }
    h.pooled = in.readVarLong("pooled requests");
    int routes = in.readSize("routes");
    for (int i = 0; i < routes; i++) {
      String route = in.readString("route");
      int n = in.readSize("statuses");
      HashMap<String, Long> statuses = new HashMap<>(n * 2);
      for (int j = 0; j < n; j++) {
        statuses.put(in.readString("status"), in.readVarLong("requests"));
      }
      long[] buckets = new long[RequestStats.LATENCY_BOUNDS_SECONDS.length + 1];
      for (int j = 0; j < buckets.length; j++) {
        buckets[j] = in.readVarLong("latency bucket");
      }
      h.byRoute.put(route, new RequestStats(statuses, buckets, in.readDouble("latency sum")));
    }
  }
}
