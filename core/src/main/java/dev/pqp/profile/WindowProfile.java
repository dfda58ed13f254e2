package dev.pqp.profile;

import dev.pqp.event.FeatureLog;
import dev.pqp.event.FeatureValues;
import dev.pqp.event.FeatureVisitor;
import dev.pqp.event.ModelEvent;
import dev.pqp.event.Prediction;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Everything pqp keeps for one (model name, model version, event-time window), or for a reference: event
 * counts, per-feature profiles, prediction mix, serving health and freshness. The key itself is the
 * store's key and is not repeated here.
 *
 * <p>Consumes {@link Prediction}s and {@link FeatureLog}s through {@code add}, and other partials of the
 * same key through {@link #merge}; emits its parts through accessors and its bytes through
 * {@link ProfileCodec}. Updates happen in place in O(1) amortized time per event. Memory is bounded by
 * {@link ProfileConfig}: at most {@code maxFeatures} feature names are stored; values of further names
 * are counted in {@link #overflowFeatures()} and dropped.
 *
 * <p>A feature's kind is fixed by the first non-null value this profile sees; until then its nulls are
 * held in {@link #untypedFeatures()}. When merging two partials that disagree on a feature's kind, this
 * profile's kind wins and the other's valid values count as invalid.
 */
public final class WindowProfile {
  /** No event time seen yet: {@link #firstEventMs()} and {@link #lastEventMs()} return it when empty. */
  public static final long NO_TIME = Long.MIN_VALUE;

  final ProfileConfig config;
  final HashMap<String, FeatureProfile> features;
  final HashMap<String, long[]> untyped; // name -> {missing, invalid} before the kind is known
  final PredictionMix mix;
  final ServingHealth health;
  final KllDoublesSketch lagSeconds;
  long predictions;
  long featureLogs;
  long late;
  long overflowFeatures;
  long firstEventMs = NO_TIME;
  long lastEventMs = NO_TIME;

  /** An empty profile. */
  public WindowProfile(ProfileConfig config) {
    this(config, new HashMap<>(), new HashMap<>(), new PredictionMix(config), new ServingHealth(config),
        KllDoublesSketch.newHeapInstance(config.kllK()));
  }

  WindowProfile(ProfileConfig config, HashMap<String, FeatureProfile> features, HashMap<String, long[]> untyped,
      PredictionMix mix, ServingHealth health, KllDoublesSketch lagSeconds) {
    this.config = config;
    this.features = features;
    this.untyped = untyped;
    this.mix = mix;
    this.health = health;
    this.lagSeconds = lagSeconds;
  }

  /** Adds an on-time prediction: its features, output, serving health and lag. */
  public void add(Prediction p, long processingTimeMs, FeatureBounds bounds) {
    add(p, processingTimeMs, bounds, false);
  }

  /** Adds a prediction; {@code late} says it arrived after its window was forwarded, within grace. */
  public void add(Prediction p, long processingTimeMs, FeatureBounds bounds, boolean late) {
    predictions++;
    countEvent(p.timestampMs(), processingTimeMs, late);
    addFeatures(p.features(), bounds);
    mix.add(p.output());
    health.add(p.latencyMs(), p.status(), p.route());
  }

  /**
   * Adds what a model answered without the rest of a prediction event: a training file's score or label
   * column, so that a reference built from it has a prediction mix.
   */
  public void addOutput(dev.pqp.event.Output output) {
    mix.add(output);
  }

  /**
   * Adds a prediction or a feature log, whichever {@code e} is ({@link ModelEvent} is sealed: these two are
   * all there are); {@code late} as for predictions.
   */
  public void add(ModelEvent e, long processingTimeMs, FeatureBounds bounds, boolean late) {
    if (e instanceof Prediction p) {
      add(p, processingTimeMs, bounds, late);
    } else {
      add((FeatureLog) e, processingTimeMs, bounds, late);
    }
  }

  /** Adds an on-time feature log: its features and lag. */
  public void add(FeatureLog f, long processingTimeMs, FeatureBounds bounds) {
    add(f, processingTimeMs, bounds, false);
  }

  /** Adds a feature log; {@code late} as for predictions. */
  public void add(FeatureLog f, long processingTimeMs, FeatureBounds bounds, boolean late) {
    featureLogs++;
    countEvent(f.timestampMs(), processingTimeMs, late);
    addFeatures(f.features(), bounds);
  }

  private void countEvent(long eventMs, long processingTimeMs, boolean late) {
    if (late) {
      this.late++;
    }
    lagSeconds.update((processingTimeMs - eventMs) / 1000.0);
    firstEventMs = firstEventMs == NO_TIME ? eventMs : Math.min(firstEventMs, eventMs);
    lastEventMs = lastEventMs == NO_TIME ? eventMs : Math.max(lastEventMs, eventMs);
  }

  /** An event's features: unboxed from a {@link FeatureValues}, as the decoders give them, else one by one. */
  private void addFeatures(Map<String, Object> values, FeatureBounds bounds) {
    if (values instanceof FeatureValues fv) {
      fv.forEach(new Adder(bounds));
    } else {
      values.forEach((name, value) -> addFeature(name, value, bounds));
    }
  }

  /** Profiles one value of feature {@code name}, creating the profile when its kind becomes known. */
  public void addFeature(String name, Object value, FeatureBounds bounds) {
    FeatureProfile fp = features.get(name); // the hot path: one lookup per feature per event
    if (fp != null) {
      fp.add(name, value, bounds);
      return;
    }
    FeatureKind kind = FeatureKind.of(value);
    if (kind == null) {
      addUntyped(name, value == null ? 0 : 1);
    } else {
      fp = newProfile(name, kind);
      if (fp != null) {
        fp.add(name, value, bounds);
      }
    }
  }

  /** The profile of {@code name}, new of {@code kind} if it had none; null if there is no room for it. */
  private FeatureProfile profile(String name, FeatureKind kind) {
    FeatureProfile fp = features.get(name);
    return fp != null ? fp : newProfile(name, kind);
  }

  /** A new profile for a name without one, holding its untyped counts; null, counted, if there is no room. */
  private FeatureProfile newProfile(String name, FeatureKind kind) {
    long[] pending = untyped.get(name);
    if (pending == null && !hasRoom()) {
      overflowFeatures++;
      return null;
    }
    FeatureProfile fp = FeatureProfile.create(kind, config);
    adopt(name, fp, pending);
    return fp;
  }

  /** Counts a missing ({@code which} 0) or invalid (1) value of a name without a profile. */
  private void addUntyped(String name, int which) {
    long[] pending = untyped.get(name);
    if (pending == null && !hasRoom()) {
      overflowFeatures++;
    } else if (pending == null) {
      untyped.put(name, which == 0 ? new long[] {1, 0} : new long[] {0, 1});
    } else {
      pending[which]++;
    }
  }

  /** Adds each feature of one event as {@link #addFeature} would, without boxing a value. */
  private final class Adder implements FeatureVisitor {
    private final FeatureBounds bounds;

    Adder(FeatureBounds bounds) {
      this.bounds = bounds;
    }

    @Override
    public void numeric(String name, double value) {
      FeatureProfile fp = profile(name, FeatureKind.NUMERIC);
      if (fp != null) {
        fp.addNumber(name, value, bounds);
      }
    }

    @Override
    public void category(String name, String value) {
      FeatureProfile fp = profile(name, FeatureKind.CATEGORICAL);
      if (fp != null) {
        fp.addCategory(name, value, bounds);
      }
    }

    @Override
    public void bool(String name, boolean value) {
      FeatureProfile fp = profile(name, FeatureKind.BOOLEAN);
      if (fp != null) {
        fp.addBoolean(name, value, bounds);
      }
    }

    @Override
    public void missing(String name) {
      FeatureProfile fp = features.get(name);
      if (fp != null) {
        fp.addNull(name, bounds);
      } else {
        addUntyped(name, 0);
      }
    }
  }

  private boolean hasRoom() {
    return features.size() + untyped.size() < config.maxFeatures();
  }

  private void adopt(String name, FeatureProfile fp, long[] pending) {
    if (pending != null) {
      untyped.remove(name);
      fp.addMissing(pending[0]);
      fp.addInvalid(pending[1]);
    }
    features.put(name, fp);
  }

  /**
   * Merges {@code other} into this profile, in place; {@code other} is unchanged and shares no state with
   * this one afterwards. Counts and moments are exact; sketches merge by their own rules. This profile's
   * configuration (feature cap, category cap) governs the result.
   */
  public void merge(WindowProfile other) {
    predictions += other.predictions;
    featureLogs += other.featureLogs;
    late += other.late;
    overflowFeatures += other.overflowFeatures;
    other.features.forEach(this::mergeFeature);
    other.untyped.forEach(this::mergeUntyped);
    mix.merge(other.mix);
    health.merge(other.health);
    lagSeconds.merge(other.lagSeconds);
    if (other.firstEventMs != NO_TIME) {
      firstEventMs = firstEventMs == NO_TIME ? other.firstEventMs : Math.min(firstEventMs, other.firstEventMs);
      lastEventMs = lastEventMs == NO_TIME ? other.lastEventMs : Math.max(lastEventMs, other.lastEventMs);
    }
  }

  private void mergeFeature(String name, FeatureProfile theirs) {
    FeatureProfile mine = features.get(name);
    long[] pending = untyped.get(name);
    if (mine != null && mine.kind() == theirs.kind()) {
      mine.merge(theirs);
    } else if (mine != null) { // kind conflict: their values are of the wrong kind here
      mine.addInvalid(theirs.count() + theirs.invalid());
      mine.addMissing(theirs.missing());
    } else if (pending != null || hasRoom()) {
      adopt(name, theirs.copy(), pending);
    } else {
      overflowFeatures += theirs.total();
    }
  }

  private void mergeUntyped(String name, long[] theirs) {
    FeatureProfile mine = features.get(name);
    long[] pending = untyped.get(name);
    if (mine != null) {
      mine.addMissing(theirs[0]);
      mine.addInvalid(theirs[1]);
    } else if (pending != null) {
      pending[0] += theirs[0];
      pending[1] += theirs[1];
    } else if (hasRoom()) {
      untyped.put(name, theirs.clone());
    } else {
      overflowFeatures += theirs[0] + theirs[1];
    }
  }

  public ProfileConfig config() {
    return config;
  }

  /** Predictions plus feature logs. */
  public long eventCount() {
    return predictions + featureLogs;
  }

  public long predictionCount() {
    return predictions;
  }

  public long featureLogCount() {
    return featureLogs;
  }

  /** Events added with {@code late = true}. */
  public long lateEventCount() {
    return late;
  }

  /** Feature values dropped because their name did not fit under {@code maxFeatures}. */
  public long overflowFeatures() {
    return overflowFeatures;
  }

  /** Feature profiles by name, a read-only view. */
  public Map<String, FeatureProfile> features() {
    return Collections.unmodifiableMap(features);
  }

  /** Features whose kind is not known yet, with the values seen (null, or of an unprofiled type). */
  public Map<String, Long> untypedFeatures() {
    Map<String, Long> out = new HashMap<>();
    untyped.forEach((name, n) -> out.put(name, n[0] + n[1]));
    return Collections.unmodifiableMap(out);
  }

  public PredictionMix predictionMix() {
    return mix;
  }

  public ServingHealth servingHealth() {
    return health;
  }

  /** The live sketch of processing time minus event time, in seconds; read it, do not update it. */
  public KllDoublesSketch eventLagSeconds() {
    return lagSeconds;
  }

  /** Earliest event time in epoch ms, or {@link #NO_TIME}. */
  public long firstEventMs() {
    return firstEventMs;
  }

  /** Latest event time in epoch ms, or {@link #NO_TIME}. */
  public long lastEventMs() {
    return lastEventMs;
  }
}
