/**
 * Reference (baseline) profiles: the profile of training data, or of a version's first windows, that
 * drift is measured against. Built from files by {@code pqp baseline}, published to a compacted topic,
 * read by every instance as a global table.
 */
package dev.pqp.reference;
