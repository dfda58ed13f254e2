/**
 * {@code pqp compare} without Kafka: finds window profiles in the latest values of the profiles topic
 * (key {@code model/version/windowStartEpochMs}) and references in those of the reference topic, evaluates
 * one window against another window, another version's window or the reference, and renders the result
 * as a table or JSON lines. Consumes maps of key to bytes; emits {@link dev.pqp.compare.WindowComparison}s
 * and text.
 */
package dev.pqp.compare;
