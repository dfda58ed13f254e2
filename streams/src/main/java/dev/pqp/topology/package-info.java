/**
 * The Kafka Streams topology, wiring only: typed topics ({@link dev.pqp.topology.Topic}) built once from the
 * config, and the slices of {@code dev.pqp.stream} connected by them.
 */
package dev.pqp.topology;
