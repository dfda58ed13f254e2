/**
 * The drift slice: stage 1 profiles events per input partition and sends {@link dev.pqp.stream.drift.StageOne}
 * messages to stage 2, which closes each window when every source passed it and emits a
 * {@link dev.pqp.stream.drift.FinalizedWindow}; {@link dev.pqp.stream.drift.DriftStream} is what the
 * topology wires.
 */
package dev.pqp.stream.drift;
