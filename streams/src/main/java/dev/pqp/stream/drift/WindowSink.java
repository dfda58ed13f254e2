package dev.pqp.stream.drift;

import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.window.VersionTotals;
import dev.pqp.window.WindowOutcome;

/**
 * Where stage 2's results go: the derived records, the gauges and the status page's summaries. The
 * stage-2 processor implements it over its context, its metrics and its status store; a test may record
 * the calls. A new per-window output is a line of the processor's {@link #finalized}: a field of
 * {@link FinalizedWindow} for a record (and its sink in the topology), or a gauge, or a status field.
 */
interface WindowSink {
  /**
   * A window was finalized: {@code outcome} is its evaluation, {@code profile} its encoded profile;
   * {@code totals} and {@code firstSeenMs} are its version's after it.
   */
  void finalized(WindowKey window, WindowOutcome outcome, byte[] profile, VersionTotals totals, long firstSeenMs,
      long nowMs);

  /**
   * The latest finalized window of a version, re-evaluated from the stores when its task started: its gauges only
   * (its records were written when it was finalized); {@code totals} and {@code firstSeenMs} are its version's.
   */
  void restored(WindowOutcome outcome, VersionTotals totals, long firstSeenMs, long nowMs);

  /** Partials of already finalized windows were dropped: {@code events} events in all. */
  void droppedLate(long events);

  /** A finalized profile left out {@code features} feature values past the cap and {@code categories} category values. */
  void overflowed(long features, long categories);

  /** Stage 2 heard that the newest event of a version is at {@code eventMs} (news, or first since start). */
  void newestEvent(String model, String version, long eventMs, long nowMs);

  /** A version that stopped was forgotten: what was kept of it for the status page goes too. */
  void forgotten(VersionKey version);

  /** A reference a version's next windows will be evaluated against became known: an automatic baseline completed. */
  default void referenceReady(ReferenceProfile reference) {}
}
