/**
 * A state store that keeps live values (window profiles) as objects on the heap and writes only the
 * entries changed since the last commit, as bytes, into a logged Kafka Streams store, at the one point of
 * an exactly-once commit where Kafka Streams 4.3.1 lets a store write before the transaction commits.
 */
package dev.pqp.topology.store;
