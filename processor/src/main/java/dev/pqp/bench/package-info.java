/**
 * {@code pqp bench}: events/s and bytes per key of pqp, each printed beside a baseline measured in the
 * same run: a plain single-threaded consumer doing the same decoding and profiling.
 */
package dev.pqp.bench;
