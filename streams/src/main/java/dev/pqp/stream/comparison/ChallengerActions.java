package dev.pqp.stream.comparison;

import dev.pqp.comparison.Comparison;
import dev.pqp.export.ActionMetrics;
import dev.pqp.schema.Action;
import dev.pqp.schema.ActionComparison;
import dev.pqp.topology.store.HeapStore;
import java.util.List;
import java.util.Locale;

/**
 * Actions from comparisons: a {@code challenger_worse} (or {@code challenger_better}) episode opens when a metric's
 * always-valid interval of challenger minus champion comes to lie below (above) 0, and clears when it no longer does;
 * one record each, keyed {@code model/challenger}, the comparison's figures as evidence. The open episodes live in a
 * heap store of the comparison's task, written to its changelog at commit with its records (exactly once), keyed
 * {@code model, challenger, action, metric}, valued by the window start that opened them. An interval that is always
 * valid does not need a streak of windows to be believed: it already holds whenever it is looked at.
 * {@code ml_action_active{action}} is 1 while any metric's episode of the action is open.
 */
final class ChallengerActions {
  static final String WORSE = "challenger_worse";
  static final String BETTER = "challenger_better";
  private static final char SEPARATOR = '\u0000';
  /** Leads the keys of the latched sample ratio mismatches in the same store: not a model name's first character. */
  private static final char MISMATCH = '\u0001';

  private final HeapStore<String, Long> episodes;
  private final ActionMetrics metrics;
  private final long windowMs;
  private final double alpha;

  ChallengerActions(HeapStore<String, Long> episodes, ActionMetrics metrics, long windowMs, double alpha) {
    this.episodes = episodes;
    this.metrics = metrics;
    this.windowMs = windowMs;
    this.alpha = alpha;
  }

  /**
   * The records comparison {@code c} of the challenger causes at the window starting at {@code windowStart}; shows
   * the gauges.
   */
  List<Action> observe(String model, String challenger, String champion, Comparison c, long windowStart, String owner,
      long nowMs) {
    List<Action> out = new java.util.ArrayList<>(1);
    for (String action : List.of(WORSE, BETTER)) {
      boolean holds = c.verdict() == (action.equals(WORSE) ? Comparison.Verdict.WORSE : Comparison.Verdict.BETTER);
      String key = key(model, challenger, action) + c.metric();
      Long since = episodes.get(key);
      if (holds && since == null) {
        episodes.put(key, windowStart);
        out.add(record(model, challenger, champion, action, "opened", windowStart, windowStart, c));
      } else if (!holds && since != null) {
        episodes.delete(key);
        out.add(record(model, challenger, champion, action, "cleared", since, windowStart, c));
      }
      show(model, challenger, action, owner, nowMs);
    }
    return out;
  }

  /**
   * Whether the challenger's split has ever been found to mismatch its expected share: once the always-valid
   * interval excluded it ({@code now}), the mismatch stands, as a difference declared does (the guarantee is about
   * ever excluding it); kept in the store.
   */
  boolean mismatched(String model, String challenger, boolean now) {
    String key = MISMATCH + model + SEPARATOR + challenger;
    if (now && episodes.get(key) == null) {
      episodes.put(key, 1L);
    }
    return now || episodes.get(key) != null;
  }

  /** The gauges of every challenger with an episode in the restored store. */
  void restored(String owner, long nowMs) {
    for (String key : List.copyOf(episodes.keys())) {
      if (key.charAt(0) == MISMATCH) {
        continue;
      }
      String[] parts = key.split(String.valueOf(SEPARATOR), -1);
      show(parts[0], parts[1], parts[2], owner, nowMs);
    }
  }

  private void show(String model, String challenger, String action, String owner, long nowMs) {
    String prefix = key(model, challenger, action);
    boolean open = episodes.keys().stream().anyMatch(k -> k.startsWith(prefix));
    metrics.show(model, challenger, action, open, owner, nowMs);
  }

  private static String key(String model, String challenger, String action) {
    return model + SEPARATOR + challenger + SEPARATOR + action + SEPARATOR;
  }

  private Action record(String model, String challenger, String champion, String action, String state, long since,
      long windowStart, Comparison c) {
    var i = c.interval();
    String condition = String.format(Locale.ROOT, "%s of %s %s %s's: always-valid interval of the difference"
        + " [%.4f, %.4f] at compare.alpha %s", c.metric(), challenger, action.equals(WORSE) ? "below" : "above",
        champion, i.lower(), i.upper(), alpha);
    return Action.newBuilder().setModelName(model).setModelVersion(challenger).setAction(action).setState(state)
        .setEpisodeId(model + "/" + challenger + "/" + action + "/" + c.metric() + "/" + since).setEpisodeStart(since)
        .setWindowStart(windowStart).setWindowEnd(windowStart + windowMs).setCondition(condition).setEvidence(List.of())
        .setComparison(ActionComparison.newBuilder().setChampionVersion(champion).setMetric(c.metric())
            .setDifference(i.estimate()).setLower(i.lower()).setUpper(i.upper()).setChampionCount(c.champion().n())
            .setChallengerCount(c.challenger().n()).build())
        .build();
  }
}
