/**
 * Ingest: detects the wire format of every record (JSON, Confluent-framed Avro, Avro single-object),
 * decodes it into a {@link dev.pqp.event.Event}, validates it against the configured limits, and turns
 * every failure into a {@link dev.pqp.ingest.Rejection} with a reason code, so that the caller can
 * dead-letter the record instead of stopping.
 */
package dev.pqp.ingest;
