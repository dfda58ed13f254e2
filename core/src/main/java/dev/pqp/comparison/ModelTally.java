package dev.pqp.comparison;

import java.util.Map;
import java.util.TreeMap;

/**
 * The labelled predictions and correct ones of each version of a model, from the realized performance records of
 * its windows, which are upserts re-emitted as labels arrive: each window's latest counts replace its previous ones
 * (the difference is added to the version's totals) while the window may still get labels, and are folded into the
 * totals for good after that. Counts are exact; a replayed or older record of a window changes nothing. Mutable; not thread-safe.
 */
public final class ModelTally {
  /** Per version: its totals and the counts of its windows that may still change, by window start. */
  final Map<String, Version> versions = new TreeMap<>();

  static final class Version {
    long labelled;
    long correct;
    final TreeMap<Long, long[]> open = new TreeMap<>();
  }

  /**
   * The window of {@code version} starting at {@code windowStart} now counts {@code labelled} labelled predictions
   * of which {@code correct} are right; windows starting more than {@code settleMs} before it are folded.
   */
  public void update(String version, long windowStart, long labelled, long correct, long settleMs) {
    Version v = versions.computeIfAbsent(version, k -> new Version());
    if (!v.open.isEmpty() && windowStart < v.open.firstKey() && v.open.lastKey() - windowStart > settleMs) {
      return; // a window already folded: its counts are in the totals
    }
    long[] before = v.open.getOrDefault(windowStart, new long[2]);
    if (labelled < before[0]) {
      return; // an older record of the window than one counted already: a window's labels only grow
    }
    v.labelled += labelled - before[0];
    v.correct += correct - before[1];
    v.open.put(windowStart, new long[] {labelled, correct});
    v.open.headMap(v.open.lastKey() - settleMs).clear();
  }

  /**
   * The window of {@code version} starting at {@code windowStart} now counts {@code n} predictions; its successes stay
   * as counted (none if the window is new here): a window without the outcome yet still counts its predictions.
   */
  public void predictions(String version, long windowStart, long n, long settleMs) {
    Version v = versions.get(version);
    long[] before = v == null ? null : v.open.get(windowStart);
    update(version, windowStart, n, before == null ? 0 : before[1], settleMs);
  }

  /** A copy with the same counts, its successes set to none: the predictions of a metric that starts now. */
  public ModelTally withoutSuccesses() {
    Map<String, long[][]> parts = parts();
    parts.values().forEach(rows -> {
      rows[0][1] = 0;
      for (int i = 1; i < rows.length; i++) {
        rows[i][2] = 0;
      }
    });
    return of(parts);
  }

  /**
   * Drops the versions whose newest window is more than {@code forgetAfterMs} older than the model's newest (a version
   * that stopped, as {@code versions.forget-after} forgets it elsewhere); true if any was dropped.
   */
  public boolean forgetStopped(long forgetAfterMs) {
    long newest = versions.values().stream().filter(v -> !v.open.isEmpty()).mapToLong(v -> v.open.lastKey()).max()
        .orElse(Long.MIN_VALUE);
    return versions.values().removeIf(v -> !v.open.isEmpty() && newest - v.open.lastKey() > forgetAfterMs);
  }

  /** The version's correctness so far, as 1/0 values; empty for a version without labels. */
  public Moments accuracy(String version) {
    Version v = versions.get(version);
    return v == null ? Moments.EMPTY : Moments.bernoulli(v.labelled, v.correct);
  }

  /** The start of the version's newest window; {@link Long#MIN_VALUE} without one. */
  public long newestWindow(String version) {
    Version v = versions.get(version);
    return v == null || v.open.isEmpty() ? Long.MIN_VALUE : v.open.lastKey();
  }

  /** The start of the version's oldest window not folded yet; {@link Long#MAX_VALUE} without one. */
  public long oldestWindow(String version) {
    Version v = versions.get(version);
    return v == null || v.open.isEmpty() ? Long.MAX_VALUE : v.open.firstKey();
  }

  /** The version's count over its windows not folded yet that start in [{@code from}, {@code to}). */
  public long countBetween(String version, long from, long to) {
    Version v = versions.get(version);
    long n = 0;
    if (v != null && from < to) {
      for (long[] w : v.open.subMap(from, true, to, false).values()) {
        n += w[0];
      }
    }
    return n;
  }

  /** The versions with counts, in order. */
  public java.util.Set<String> versions() {
    return java.util.Collections.unmodifiableSet(versions.keySet());
  }

  /** The stored form's parts: per version its totals and open windows ({start, labelled, correct}). */
  public Map<String, long[][]> parts() {
    Map<String, long[][]> out = new TreeMap<>();
    versions.forEach((name, v) -> {
      long[][] rows = new long[v.open.size() + 1][];
      rows[0] = new long[] {v.labelled, v.correct};
      int i = 1;
      for (Map.Entry<Long, long[]> w : v.open.entrySet()) {
        rows[i++] = new long[] {w.getKey(), w.getValue()[0], w.getValue()[1]};
      }
      out.put(name, rows);
    });
    return out;
  }

  /** Restores {@link #parts()}. */
  public static ModelTally of(Map<String, long[][]> parts) {
    ModelTally t = new ModelTally();
    parts.forEach((name, rows) -> {
      Version v = new Version();
      v.labelled = rows[0][0];
      v.correct = rows[0][1];
      for (int i = 1; i < rows.length; i++) {
        v.open.put(rows[i][0], new long[] {rows[i][1], rows[i][2]});
      }
      t.versions.put(name, v);
    });
    return t;
  }
}
