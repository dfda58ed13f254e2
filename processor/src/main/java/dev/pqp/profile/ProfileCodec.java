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
  /** The format version this class writes and reads. */
  public static final int VERSION = 2;

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
    return out.toByteArray();
  }

  public static WindowProfile decode(byte[] bytes) {
    BinaryIn in = begin(bytes, "window profile");
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
    PredictionMix mix = readMix(in);
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
    if (version != VERSION) {
      throw new ProfileFormatException(
          "unknown " + what + " format version " + version + " (this pqp reads version " + VERSION + ")");
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

  private static PredictionMix readMix(BinaryIn in) {
    var scores = FeatureCodec.readKll(in, "score sketch");
    long[] histogram = new long[PredictionMix.BUCKETS];
    for (int i = 0; i < histogram.length; i++) {
      histogram[i] = in.readVarLong("score histogram");
    }
    CategoricalProfile classes = FeatureCodec.readCategorical(in, FeatureKind.CATEGORICAL);
    var values = FeatureCodec.readKll(in, "regression value sketch");
    return new PredictionMix(scores, histogram, classes, values, in.readVarLong("invalid outputs"));
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
    return new ServingHealth(statuses, routes, latency, in.readVarLong("invalid latencies"));
  }
}
