/**
 * Drift evaluation: a finalized window profile against its reference profile, feature by feature, with
 * the statistics of {@code stats}, the primary method and threshold per feature, and dataset drift.
 * Pure: no Kafka, no Micrometer.
 */
package dev.pqp.drift;
