/**
 * The evaluation of a finalized window: one complete result per model version and window (feature and
 * dataset drift, prediction mix and its drift, serving health, freshness), computed once from the window's
 * profile, its reference and earlier windows. Pure: no Kafka, no Micrometer.
 */
package dev.pqp.window;
