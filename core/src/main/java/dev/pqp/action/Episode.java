package dev.pqp.action;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One action's state for one version: the current streak of windows and the open episode, if any. An episode opens
 * when the rule has held in {@code windows} consecutive windows and closes when it has not held in as many; a window
 * that cannot tell (no feature evaluated) is skipped, and a window no later than the last one seen (a replay) is
 * ignored, so that each episode gives exactly one opening and one closing event. Mutable; not thread-safe.
 */
public final class Episode {
  /** Start of the last window observed; {@link Long#MIN_VALUE} before the first. */
  long lastWindowStart = Long.MIN_VALUE;
  /** Start of the first window of the open episode's streak, or {@link Long#MIN_VALUE} when none is open. */
  long openSince = Long.MIN_VALUE;
  /** The current streak, oldest first, at most the rule's windows: held while closed, not held while open. */
  final Deque<WindowEvidence> streak = new ArrayDeque<>();

  /** Whether an episode is open. */
  public boolean open() {
    return openSince != Long.MIN_VALUE;
  }

  /** Start of the open episode's first window; {@link Long#MIN_VALUE} when none is open. */
  public long openSince() {
    return openSince;
  }

  /** Start of the last window observed. */
  public long lastWindowStart() {
    return lastWindowStart;
  }

  /** The windows of the current streak, oldest first. */
  public List<WindowEvidence> streak() {
    return List.copyOf(streak);
  }

  /** Restores a stored state (see {@link #lastWindowStart()}, {@link #openSince()}, {@link #streak()}). */
  public static Episode of(long lastWindowStart, long openSince, List<WindowEvidence> streak) {
    Episode e = new Episode();
    e.lastWindowStart = lastWindowStart;
    e.openSince = openSince;
    e.streak.addAll(streak);
    return e;
  }

  /** The event the window causes under {@code rule}: an opening, a closing, or null. */
  public ActionEvent observe(String model, String version, ActionRule rule, WindowEvidence w) {
    if (w.windowStart() <= lastWindowStart) {
      return null; // a replay or a window out of order: already counted
    }
    lastWindowStart = w.windowStart();
    Boolean held = rule.holds(w);
    if (held == null) {
      return null;
    }
    if (held == open()) { // the condition agrees with the state: a streak towards a change breaks
      streak.clear();
      return null;
    }
    streak.addLast(w);
    while (streak.size() > rule.windows()) {
      streak.removeFirst();
    }
    if (streak.size() < rule.windows()) {
      return null;
    }
    List<WindowEvidence> evidence = new ArrayList<>(streak);
    streak.clear();
    ActionEvent.State state = open() ? ActionEvent.State.CLEARED : ActionEvent.State.OPENED;
    long since = open() ? openSince : evidence.get(0).windowStart();
    openSince = open() ? Long.MIN_VALUE : since;
    return new ActionEvent(model, version, rule.action(), state, id(model, version, rule.action(), since), since,
        w.windowStart(), w.windowEnd(), rule.condition(), evidence);
  }

  static String id(String model, String version, String action, long since) {
    return model + "/" + version + "/" + action + "/" + since;
  }
}
