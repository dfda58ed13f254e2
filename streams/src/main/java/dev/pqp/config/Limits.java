package dev.pqp.config;

import java.time.Duration;

/**
 * Validation limits on input records and cardinality caps on what pqp tracks.
 *
 * @param maxFutureSkew an event time later than now plus this is absurd
 * @param maxPastAge an event time earlier than now minus this is absurd
 * @param maxAttributeLength characters of an attribute's name or value at most (a free-form field with no other
 *     bound than the record's size)
 */
public record Limits(
    int maxRecordBytes,
    int maxFeatures,
    int maxNameLength,
    Duration maxFutureSkew,
    Duration maxPastAge,
    int maxModels,
    int maxVersionsPerModel,
    int maxFeaturesPerModel,
    int maxAttributeLength) {

  public static Limits defaults() {
    return new Limits(1 << 20, 500, 256, Duration.ofHours(1), Duration.ofDays(3650), 100, 20, 200, 1024);
  }
}
