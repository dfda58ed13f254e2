package dev.pqp.comparison;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The per-prediction values of one metric for each version of a model ({@link Moments}: count, sum and sum of squares;
 * for a rate the predictions and the successes among them), from records of its windows that are upserts re-emitted
 * as labels and outcomes arrive: each window's latest moments replace its previous ones (the difference is added to
 * the version's totals) while the window may still change, and are folded into the totals for good after that. Counts
 * are exact, sums of integer values too; a replayed or older record of a window changes nothing. Mutable; not
 * thread-safe.
 */
public final class ModelTally {
  /** Per version: its totals and the moments of its windows that may still change, by window start. */
  final Map<String, Version> versions = new TreeMap<>();

  static final class Version {
    Moments total = Moments.EMPTY;
    final TreeMap<Long, Moments> open = new TreeMap<>();
  }

  /** A version's stored parts: its totals and its windows not folded yet, by start. */
  public record Parts(Moments total, SortedMap<Long, Moments> windows) {}

  /**
   * The window of {@code version} starting at {@code windowStart} now counts {@code labelled} labelled predictions
   * of which {@code correct} are right; windows starting more than {@code settleMs} before it are folded.
   */
  public void update(String version, long windowStart, long labelled, long correct, long settleMs) {
    update(version, windowStart, Moments.bernoulli(labelled, correct), settleMs);
  }

  /** The window of {@code version} starting at {@code windowStart} now has moments {@code m}. */
  public void update(String version, long windowStart, Moments m, long settleMs) {
    Version v = versions.computeIfAbsent(version, k -> new Version());
    if (!v.open.isEmpty() && windowStart < v.open.firstKey() && v.open.lastKey() - windowStart > settleMs) {
      return; // a window already folded: its moments are in the totals
    }
    Moments before = v.open.getOrDefault(windowStart, Moments.EMPTY);
    if (m.n() < before.n()) {
      return; // an older record of the window than one counted already: a window's predictions only grow
    }
    v.total = v.total.plus(m.minus(before));
    v.open.put(windowStart, m);
    v.open.headMap(v.open.lastKey() - settleMs).clear();
  }

  /**
   * The window of {@code version} starting at {@code windowStart} now counts {@code n} predictions; its values stay
   * as counted (none if the window is new here): a window without the outcome yet still counts its predictions.
   */
  public void predictions(String version, long windowStart, long n, long settleMs) {
    Version v = versions.get(version);
    Moments before = v == null ? null : v.open.get(windowStart);
    update(version, windowStart, before == null ? new Moments(n, 0, 0)
        : new Moments(n, before.sum(), before.sumOfSquares()), settleMs);
  }

  /** A copy with the same counts, its values set to none: the predictions of a metric that starts now. */
  public ModelTally withoutSuccesses() {
    ModelTally t = new ModelTally();
    versions.forEach((name, v) -> {
      Version c = new Version();
      c.total = v.total.withoutValues();
      v.open.forEach((start, m) -> c.open.put(start, m.withoutValues()));
      t.versions.put(name, c);
    });
    return t;
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

  /** The version's values so far (1/0 for correctness); empty for a version without any. */
  public Moments moments(String version) {
    Version v = versions.get(version);
    return v == null ? Moments.EMPTY : v.total;
  }

  /** The version's correctness so far, as 1/0 values: {@link #moments}. */
  public Moments accuracy(String version) {
    return moments(version);
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
      for (Moments w : v.open.subMap(from, true, to, false).values()) {
        n += w.n();
      }
    }
    return n;
  }

  /** The versions with counts, in order. */
  public java.util.Set<String> versions() {
    return java.util.Collections.unmodifiableSet(versions.keySet());
  }

  /** The stored form's parts, per version. */
  public Map<String, Parts> parts() {
    Map<String, Parts> out = new TreeMap<>();
    versions.forEach((name, v) -> out.put(name, new Parts(v.total, new TreeMap<>(v.open))));
    return out;
  }

  /** Restores {@link #parts()}. */
  public static ModelTally of(Map<String, Parts> parts) {
    ModelTally t = new ModelTally();
    parts.forEach((name, p) -> {
      Version v = new Version();
      v.total = p.total();
      v.open.putAll(p.windows());
      t.versions.put(name, v);
    });
    return t;
  }
}
