/**
 * Synthetic traffic for the demo and {@code pqp produce-sample}: the model {@code claims-risk} (v1/v2),
 * drift that starts at a set time, ground truth that arrives 30 s to 5 min later, and about 1% bad
 * records of every kind. Deterministic for a seed.
 */
package dev.pqp.demo;
