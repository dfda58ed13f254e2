/**
 * Mergeable, bounded-memory profiles of the events of one (model, version, event-time window): feature
 * statistics, prediction mix, serving health and freshness.
 *
 * <p>Consumes decoded {@link dev.pqp.event.Prediction} and {@link dev.pqp.event.FeatureLog} events;
 * emits {@link dev.pqp.profile.WindowProfile} objects and, through {@link dev.pqp.profile.ProfileCodec},
 * their versioned binary form for state stores, changelogs and the reference topic.
 *
 * <p>Profiles are updated in place on the heap, in O(1) amortized time per event; they are serialized
 * only when a store must persist them (a cost rule: never per event). Memory is bounded by configuration
 * ({@link dev.pqp.profile.ProfileConfig}), never by the event count. This package imports neither Kafka
 * nor Micrometer.
 */
package dev.pqp.profile;
