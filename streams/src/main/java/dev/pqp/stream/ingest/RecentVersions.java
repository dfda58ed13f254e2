package dev.pqp.stream.ingest;

import dev.pqp.export.CardinalityGuard;
import dev.pqp.export.PipelineMetrics;

/**
 * The few versions one task admitted lately, so that an event of one of them is admitted and counted without the
 * {@link CardinalityGuard}'s lock, which the stream threads share, and without building its counter's key: one
 * guard call per version and task a second at most, with the events counted since. A version the guard stops
 * tracking meanwhile (it went stale, or a newcomer took its place) is admitted here for up to a second more. Names
 * are compared by identity first (the JSON reader hands the same String for a name it met before). Not thread-safe:
 * one per processor.
 */
final class RecentVersions {
  /** How long an admission holds before the guard is asked again. */
  static final long RECHECK_MS = 1_000;
  private static final int SLOTS = 8;

  private final CardinalityGuard guard;
  private final PipelineMetrics metrics;
  private final String[] models = new String[SLOTS];
  private final String[] versions = new String[SLOTS];
  private final String[] types = new String[SLOTS];
  private final PipelineMetrics.Tally[] counters = new PipelineMetrics.Tally[SLOTS];
  private final long[] until = new long[SLOTS];
  private final long[] uncounted = new long[SLOTS];
  private int next;

  RecentVersions(CardinalityGuard guard, PipelineMetrics metrics) {
    this.guard = guard;
    this.metrics = metrics;
  }

  /** Admits and counts one event of {@code type} of (model, version) at wall time {@code nowMs}; false if refused. */
  boolean admit(String model, String version, String type, long nowMs) {
    int slot = find(model, version, type);
    if (slot >= 0 && nowMs < until[slot]) {
      uncounted[slot]++;
      counters[slot].increment();
      return true;
    }
    if (slot >= 0) { // the guard hears of the events admitted here before it is asked about this one
      if (uncounted[slot] > 0) {
        guard.count(model, version, uncounted[slot]);
      }
    } else {
      slot = next;
      next = (next + 1) % SLOTS;
      if (models[slot] != null && uncounted[slot] > 0) { // hand the guard what it has not heard of the one replaced
        guard.count(models[slot], versions[slot], uncounted[slot]);
      }
    }
    if (!guard.admit(model, version, nowMs)) {
      models[slot] = null;
      return false;
    }
    models[slot] = model;
    versions[slot] = version;
    types[slot] = type;
    counters[slot] = metrics.eventTally(model, version, type);
    until[slot] = nowMs + RECHECK_MS;
    uncounted[slot] = 0;
    counters[slot].increment();
    return true;
  }

  private int find(String model, String version, String type) {
    for (int i = 0; i < SLOTS; i++) {
      if (models[i] != null && types[i] == type && same(models[i], model) && same(versions[i], version)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean same(String a, String b) {
    return a == b || a != null && a.equals(b);
  }
}
