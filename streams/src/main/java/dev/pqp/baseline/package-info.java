/**
 * Tooling around references: builds one from past prediction traffic on Kafka and publishes references to
 * the reference topic. The core's {@code dev.pqp.reference} builds them from rows and stays Kafka-free.
 */
package dev.pqp.baseline;
