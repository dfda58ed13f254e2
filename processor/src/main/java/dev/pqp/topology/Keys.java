package dev.pqp.topology;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.Prediction;
import dev.pqp.reference.ReferenceProfile;

/**
 * Store and repartition keys. A NUL separates the parts because no name pqp accepts contains one
 * (JSON and Avro strings could, but Kafka Streams keys are opaque to users).
 */
final class Keys {
  static final char SEP = '\u0000';

  private Keys() {}

  /**
   * The version key an event is counted and profiled under: predictions by their model and version,
   * feature logs without a version under {@code model/*}; null for events of no model (ground truth).
   */
  static String versionOf(Event event) {
    if (event instanceof Prediction p) {
      return version(p.modelName(), p.modelVersion());
    }
    if (event instanceof FeatureLog f) {
      return version(f.modelName(), f.modelVersion() == null ? ReferenceProfile.ALL_VERSIONS : f.modelVersion());
    }
    return null;
  }

  static String version(String model, String version) {
    return model + SEP + version;
  }

  static String window(String versionKey, long windowStart) {
    return versionKey + SEP + windowStart;
  }

  static String[] split(String key) {
    return key.split(String.valueOf(SEP), -1);
  }

  /** {@code model/version}: the key of every derived record. */
  static String output(String model, String version) {
    return model + "/" + version;
  }
}
