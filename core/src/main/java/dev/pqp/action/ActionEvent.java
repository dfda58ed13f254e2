package dev.pqp.action;

import java.util.List;

/**
 * An episode of an action opened or closed by a window.
 *
 * @param episodeId {@code model/version/action/start}: the same on every instance and at every replay
 * @param episodeStart start of the first window of the streak that opened the episode
 * @param windowStart start of the window that opened or closed it
 * @param evidence the windows of the streak that decided it, oldest first
 */
public record ActionEvent(String model, String version, String action, State state, String episodeId,
    long episodeStart, long windowStart, long windowEnd, String condition, List<WindowEvidence> evidence) {
  public enum State {
    OPENED, CLEARED;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ActionEvent {
    evidence = List.copyOf(evidence);
  }
}
