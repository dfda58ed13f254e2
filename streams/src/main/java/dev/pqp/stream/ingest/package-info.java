/**
 * The ingest slice: decodes the raw records of an input topic into validated events, or dead letters with
 * the reason in their headers ({@link dev.pqp.stream.ingest.Decoded}).
 */
package dev.pqp.stream.ingest;
