/**
 * The stream subsystems of pqp, one slice each ({@code ingest}, {@code drift}, {@code groundtruth}), and what
 * they share: the keys of a model version and of its windows, and the window arithmetic. A slice owns its
 * processors, the messages of its channels with their codecs, and its stores; slices do not import each
 * other; {@code dev.pqp.topology} wires them.
 */
package dev.pqp.stream;
