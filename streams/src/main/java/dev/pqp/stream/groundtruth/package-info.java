/**
 * The ground-truth slice: the join of predictions and labels by prediction_id and the performance
 * aggregation per version and window; {@link dev.pqp.stream.groundtruth.GroundTruthStream} is what the
 * topology wires.
 */
package dev.pqp.stream.groundtruth;
