/**
 * The actions slice: each version's finalized windows (as {@link dev.pqp.stream.action.VersionWindow}s) in, one
 * {@code ml.quality.actions} record per episode opened or cleared out, the episodes in a changelogged store so that
 * the records are exactly once across crashes and rebalances. {@link dev.pqp.stream.action.ActionStream} is what the
 * topology wires.
 */
package dev.pqp.stream.action;
