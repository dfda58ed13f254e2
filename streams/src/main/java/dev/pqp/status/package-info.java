/**
 * What the status page and {@code /api/} show: a compact summary of each finalized window
 * ({@link dev.pqp.status.WindowSummary}, kept by stage 2 in a changelogged store), the latest performance
 * of each version, this instance's share ({@link dev.pqp.status.LocalStatus}) and the whole application's,
 * gathered from every instance ({@link dev.pqp.status.ClusterStatus}). Builds JSON only; the HTTP server
 * that serves it lives in {@code dev.pqp.http}.
 */
package dev.pqp.status;
