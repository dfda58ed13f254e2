/**
 * The state and channel machinery the slices share: {@link dev.pqp.topology.store.HeapStore}, which keeps
 * live values (window profiles) as objects on the heap and writes only the entries changed since the last
 * commit, as bytes, into a logged Kafka Streams store, at the one point of an exactly-once commit where
 * Kafka Streams 4.3.1 lets a store write before the transaction commits; the {@link
 * dev.pqp.topology.store.Table} view of it that the Kafka-free cores use; the codecs of keys and values;
 * processors bundled with the stores they own; and the partitioner of channels that carry progress to
 * every task.
 */
package dev.pqp.topology.store;
