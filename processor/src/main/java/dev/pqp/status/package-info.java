/**
 * What the status page shows: a compact summary of each finalized window ({@link dev.pqp.status.WindowSummary}),
 * kept by stage 2 in a changelogged store.
 */
package dev.pqp.status;
