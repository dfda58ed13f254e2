/**
 * The decoded, validated events that the rest of pqp works on: immutable Java records, independent of
 * the wire format (JSON or Avro) they arrived in. Generated Avro classes stay in {@code ingest}.
 */
package dev.pqp.event;
