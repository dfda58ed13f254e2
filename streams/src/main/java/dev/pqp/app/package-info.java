/** Runs one pqp instance: topics, Kafka Streams, metrics and the HTTP endpoint, with a clean shutdown. */
package dev.pqp.app;
