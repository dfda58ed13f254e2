/** The Kafka Streams topology (wiring only) and its processors and stores. */
package dev.pqp.topology;
