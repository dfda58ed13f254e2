package dev.pqp.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which stream task (owner) publishes each model version's series, and when it last updated them: a
 * version's series go when its task closes (the key moved to another instance) or when it was not
 * updated for the stale time, so N instances behind one Prometheus never show a stale or doubled value.
 * Not thread-safe: the binders that use it synchronize.
 */
final class Ownership {
  private final Map<String, Long> updatedMs = new HashMap<>();
  private final Map<String, Set<String>> byOwner = new HashMap<>();

  void updated(String group, String owner, long nowMs) {
    updatedMs.put(group, nowMs);
    byOwner.computeIfAbsent(owner, o -> new HashSet<>()).add(group);
  }

  /** Forgets and returns the groups of {@code owner}. */
  Set<String> release(String owner) {
    Set<String> groups = byOwner.remove(owner);
    if (groups == null) {
      return Set.of();
    }
    groups.forEach(updatedMs::remove);
    return groups;
  }

  /** Forgets and returns the groups not updated for more than {@code staleMs}. */
  List<String> expire(long nowMs, long staleMs) {
    List<String> stale = new ArrayList<>();
    updatedMs.entrySet().removeIf(e -> {
      if (nowMs - e.getValue() > staleMs) {
        stale.add(e.getKey());
        return true;
      }
      return false;
    });
    stale.forEach(g -> byOwner.values().forEach(s -> s.remove(g)));
    return stale;
  }
}
