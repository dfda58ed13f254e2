package dev.pqp.event;

import java.util.Map;

/**
 * An event profiled per model version: a prediction or a feature log. Both carry features; a prediction
 * also carries what the model answered and how it was served.
 */
public sealed interface ModelEvent extends Event permits Prediction, FeatureLog {
  /** The version a feature log without one is profiled under: every version of its model. */
  String ALL_VERSIONS = "*";

  String modelName();

  /** The version; {@code null} only for a feature log that serves every version. */
  String modelVersion();

  /** Feature name to value; never null. */
  Map<String, Object> features();

  /** The version this event is counted and profiled under: its own, or {@link #ALL_VERSIONS}. */
  default String profiledVersion() {
    String v = modelVersion();
    return v == null ? ALL_VERSIONS : v;
  }
}
