package dev.pqp.ingest;

import dev.pqp.config.Limits;
import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.FeatureValues;
import dev.pqp.event.FeatureVisitor;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import java.util.Map;

/** Checks a decoded event against the configured {@link Limits}; throws a {@link Rejection} on the first problem. */
public final class Validator {
  /** Business outcomes one ground-truth event may carry. */
  public static final int MAX_OUTCOMES = 16;
  private final Limits limits;

  public Validator(Limits limits) {
    this.limits = limits;
  }

  /** Validates {@code event} as of wall-clock time {@code nowMs}. */
  public void validate(Event event, long nowMs) {
    requireIdentity(event);
    checkTimestamp(event.timestampMs(), nowMs);
    if (event instanceof Prediction p) {
        name("prediction_id", p.predictionId());
        name("model_name", p.modelName());
        name("model_version", p.modelVersion());
        features(p.features());
        output(p.output());
        finite("latency_ms", p.latencyMs());
        if (p.latencyMs() != null && p.latencyMs() < 0) {
          throw new Rejection(RejectReason.INVALID_VALUE, "latency_ms is negative: " + p.latencyMs());
        }
        name("status", p.status());
        name("route", p.route());
        attributes(p.attributes());
    } else if (event instanceof FeatureLog f) {
        name("model_name", f.modelName());
        name("model_version", f.modelVersion());
        features(f.features());
    } else if (event instanceof GroundTruth g) {
        name("prediction_id", g.predictionId());
        name("label", g.label());
        finite("value", g.value());
        outcomes(g.outcomes());
    }
  }

  /** The required strings must be non-empty in every wire format (JSON checks this while reading, Avro cannot). */
  private static void requireIdentity(Event event) {
    if (event instanceof Prediction p) {
      required("prediction_id", p.predictionId());
      required("model_name", p.modelName());
      required("model_version", p.modelVersion());
    } else if (event instanceof FeatureLog f) {
      required("model_name", f.modelName());
    } else if (event instanceof GroundTruth g) {
      required("prediction_id", g.predictionId());
    }
  }

  private static void required(String field, String value) {
    if (value == null || value.isEmpty()) {
      throw new Rejection(RejectReason.MISSING_FIELD, "required field '" + field + "' is missing or empty");
    }
  }

  private void checkTimestamp(long ts, long nowMs) {
    if (ts > nowMs + limits.maxFutureSkew().toMillis() || ts < nowMs - limits.maxPastAge().toMillis()) {
      throw new Rejection(RejectReason.ABSURD_TIMESTAMP, "event time " + ts + " ms is more than "
          + limits.maxFutureSkew() + " ahead of or " + limits.maxPastAge() + " behind the clock (" + nowMs
          + " ms); timestamps are epoch milliseconds");
    }
  }

  /**
   * Of several features at fault, the one with the least name is reported: what a record is rejected for must not
   * depend on the order of its map, which two readers of the same record may fill into tables of different sizes.
   */
  private void features(Map<String, Object> features) {
    if (features.size() > limits.maxFeatures()) {
      throw new Rejection(RejectReason.TOO_MANY_FEATURES,
          features.size() + " features, more than limits.max-features = " + limits.maxFeatures());
    }
    Faults faults = new Faults();
    if (features instanceof FeatureValues fv) {
      fv.forEach(faults);
    } else {
      features.forEach(faults::add);
    }
    if (faults.fault != null) {
      throw faults.fault;
    }
  }

  /** The fault of the least name so far; fed unboxed from {@link FeatureValues}, or boxed from any other map. */
  private final class Faults implements FeatureVisitor {
    private String faultyName;
    private Rejection fault;

    void add(String name, Object v) {
      keep(name, featureFault(name, v));
    }

    @Override
    public void numeric(String name, double value) {
      keep(name, Double.isFinite(value) ? nameFault("feature name", name) : featureFault(name, (Object) value));
    }

    @Override
    public void integer(String name, long value) {
      keep(name, nameFault("feature name", name));
    }

    @Override
    public void category(String name, String value) {
      keep(name, featureFault(name, value));
    }

    @Override
    public void bool(String name, boolean value) {
      keep(name, nameFault("feature name", name));
    }

    @Override
    public void missing(String name) {
      keep(name, nameFault("feature name", name));
    }

    private void keep(String name, Rejection r) {
      if (r != null && (faultyName == null || name.compareTo(faultyName) < 0)) {
        faultyName = name;
        fault = r;
      }
    }
  }

  private Rejection featureFault(String name, Object v) {
    Rejection r = nameFault("feature name", name);
    if (r != null) {
      return r;
    }
    if (v instanceof Double d && !Double.isFinite(d)) {
      return new Rejection(RejectReason.NON_FINITE, "feature '" + name + "' is " + d);
    }
    if (v instanceof String s && s.length() > limits.maxNameLength()) {
      return new Rejection(RejectReason.NAME_TOO_LONG, "value of feature '" + name + "' has " + s.length()
          + " characters, more than limits.max-name-length = " + limits.maxNameLength());
    }
    return null;
  }

  /**
   * Attributes are free-form, but neither a name nor a value may be longer than limits.max-attribute-length; of
   * several at fault the least name is reported, as for features.
   */
  private void attributes(Map<String, String> attributes) {
    int max = limits.maxAttributeLength();
    String faulty = null;
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      boolean fault = e.getKey().length() > max || e.getValue() != null && e.getValue().length() > max;
      if (fault && (faulty == null || e.getKey().compareTo(faulty) < 0)) {
        faulty = e.getKey();
      }
    }
    if (faulty != null) {
      boolean name = faulty.length() > max;
      int length = name ? faulty.length() : attributes.get(faulty).length();
      throw new Rejection(RejectReason.NAME_TOO_LONG, "attribute '" + (name ? faulty.substring(0, Math.min(32, faulty.length())) + "..." : faulty)
          + "' has a " + (name ? "name" : "value") + " of " + length + " characters, more than "
          + "limits.max-attribute-length = " + max);
    }
  }

  private void output(Output o) {
    finite("prediction.score", o.score());
    finite("prediction.value", o.value());
    if (o.score() != null && (o.score() < 0 || o.score() > 1)) {
      throw new Rejection(RejectReason.INVALID_VALUE, "prediction.score must be a probability in [0, 1], got " + o.score());
    }
    name("prediction.label", o.label());
    if (o.probabilities() != null) {
      for (Map.Entry<String, Double> e : o.probabilities().entrySet()) {
        name("class", e.getKey());
        finite("prediction.probabilities." + e.getKey(), e.getValue());
      }
    }
  }

  /** At most {@link #MAX_OUTCOMES} per event, named as model names are, each a finite number. */
  private void outcomes(Map<String, Double> outcomes) {
    if (outcomes.size() > MAX_OUTCOMES) {
      throw new Rejection(RejectReason.INVALID_VALUE, "field 'outcomes' has " + outcomes.size()
          + " outcomes, more than " + MAX_OUTCOMES);
    }
    for (String name : new java.util.TreeSet<>(outcomes.keySet())) { // the least faulty name, whatever the map's order
      name("outcome", name);
      if (name.isEmpty()) {
        throw new Rejection(RejectReason.INVALID_VALUE, "field 'outcomes' has an empty name");
      }
      finite("outcomes." + name, outcomes.get(name));
    }
  }

  private static void finite(String field, Double d) {
    if (d != null && !Double.isFinite(d)) {
      throw new Rejection(RejectReason.NON_FINITE, "field '" + field + "' is " + d);
    }
  }

  private void name(String field, String value) {
    Rejection r = nameFault(field, value);
    if (r != null) {
      throw r;
    }
  }

  /**
   * Names found valid, by identity, direct-mapped: the byte-level reader hands the same String for a feature
   * name in every event ({@link NameCache}), so that a name is scanned once, not once per event.
   */
  private final String[] validNames = new String[256];

  private Rejection nameFault(String field, String value) {
    if (value == null) {
      return null;
    }
    int slot = System.identityHashCode(value) & (validNames.length - 1);
    if (validNames[slot] == value) {
      return null;
    }
    Rejection r = scan(field, value);
    if (r == null) {
      validNames[slot] = value;
    }
    return r;
  }

  private Rejection scan(String field, String value) {
    if (value.length() > limits.maxNameLength()) {
      return new Rejection(RejectReason.NAME_TOO_LONG, field + " has " + value.length()
          + " characters, more than limits.max-name-length = " + limits.maxNameLength());
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < 0x20 || value.charAt(i) == 0x7f) {
        // control characters make unreadable labels and would break pqp's internal keys
        return new Rejection(RejectReason.INVALID_VALUE, field + " contains control character U+"
            + String.format("%04X", (int) value.charAt(i)) + " at position " + i);
      }
    }
    return null;
  }
}
