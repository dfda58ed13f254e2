/**
 * Avro on the wire without Confluent's jars: the Confluent framing ({@code 0x00}, schema id, Avro binary)
 * resolved through any registry that speaks the Confluent REST API, and Avro single-object encoding
 * ({@code 0xC3 0x01}, fingerprint, Avro binary) resolved through a local schema store.
 *
 * <p>Confluent's serde jars are not on Maven Central, so pqp carries this small client over
 * {@code java.net.http}. The serdes take the same configuration keys as Confluent's
 * ({@code schema.registry.url}, {@code auto.register.schemas}, {@code specific.avro.reader},
 * {@code basic.auth.*}, {@code schema.registry.ssl.truststore.*}) so users can swap theirs in.
 *
 * <p>Errors are split by who has to act: {@link dev.pqp.ingest.registry.UnknownSchemaIdException} and the
 * other {@link dev.pqp.ingest.registry.RegistryException}s are answers from the registry about the data
 * (dead-letter the record), while {@link dev.pqp.ingest.registry.RegistryUnavailableException} means no
 * answer came at all (an infrastructure problem; do not dead-letter, fail or retry).
 */
package dev.pqp.ingest.registry;
