package dev.pqp.topology;

/**
 * Store and repartition keys. A NUL separates the parts because no name pqp accepts contains one
 * (JSON and Avro strings could, but Kafka Streams keys are opaque to users).
 */
final class Keys {
  static final char SEP = '\u0000';

  private Keys() {}

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
