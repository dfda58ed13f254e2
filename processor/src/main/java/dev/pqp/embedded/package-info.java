/** A real single-node KRaft Kafka broker started in-process, for {@code pqp broker}, the demo and the tests. */
package dev.pqp.embedded;
