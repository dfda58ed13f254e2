/**
 * One typed, immutable configuration ({@link dev.pqp.config.PqpConfig}) built from a file (YAML or
 * properties) &lt; environment ({@code PQP_*}) &lt; command-line flags. Any Kafka Streams or client
 * property passes through under the {@code kafka.} prefix.
 */
package dev.pqp.config;
