/**
 * Pure drift statistics: final classes of static functions over KLL sketches and category counts
 * that return numbers or small records. Nothing here imports Kafka or Micrometer; the only
 * dependencies are {@code java.*}, DataSketches and commons-math3.
 *
 * <p>Numeric features compare a reference {@link org.apache.datasketches.kll.KllDoublesSketch}
 * with a current one: {@link dev.pqp.stats.Psi} and {@link dev.pqp.stats.JensenShannon} over
 * {@link dev.pqp.stats.BinEdges} (reference deciles by default), {@link dev.pqp.stats.KsDistance}
 * and {@link dev.pqp.stats.Wasserstein} on the sketches' step CDFs. Every sketch-based value carries
 * an error bound (an {@link dev.pqp.stats.Estimate}, or {@link dev.pqp.stats.PsiResult#errorBound})
 * derived from the sketches' normalized rank error (KLL's single-rank bound at 99% confidence); the
 * KS bound is tight enough to use, the others are worst cases well above the observed errors.
 *
 * <p>Categorical features compare {@link dev.pqp.stats.CategoryCounts} (exact counts plus one
 * "other" bucket) with {@link dev.pqp.stats.CategoricalDrift} (PSI, Jensen-Shannon, L-infinity)
 * and {@link dev.pqp.stats.ChiSquare}; these are exact.
 *
 * <p>{@link dev.pqp.stats.DriftMethod} holds each method's default threshold and direction,
 * {@link dev.pqp.stats.DatasetDrift} turns per-feature verdicts into a dataset verdict, and
 * {@link dev.pqp.stats.DriftCalibration} measures false-positive and detection rates of the
 * defaults on simulated data.
 */
package dev.pqp.stats;
