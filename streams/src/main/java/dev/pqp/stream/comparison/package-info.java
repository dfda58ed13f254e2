/**
 * The version-comparison slice: realized performance records of every version, repartitioned by model, in; each
 * configured challenger held against its champion ({@code compare.versions}) with an always-valid confidence
 * sequence, on the gauges. {@link dev.pqp.stream.comparison.ComparisonStream} is what the topology wires.
 */
package dev.pqp.stream.comparison;
