package dev.pqp.compare;

import dev.pqp.profile.WindowProfile;
import java.util.Objects;

/**
 * One window profile found on the profiles topic.
 *
 * @param start the window start, epoch ms (from the key)
 * @param nextStart the start of the version's next window on the topic, or null when this is the latest
 */
public record SelectedWindow(String model, String version, long start, Long nextStart, WindowProfile profile) {
  public SelectedWindow {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(profile, "profile");
  }

  /**
   * An upper bound of the window's end: the topic does not know the window size, so the next window's
   * start, else just after the profile's last event (the start itself for an empty profile).
   */
  public long end() {
    if (nextStart != null) {
      return nextStart;
    }
    long last = profile.lastEventMs();
    return last == WindowProfile.NO_TIME ? start : Math.max(start, last + 1);
  }

  /** The key on the profiles topic. */
  public String key() {
    return ProfileCatalog.key(model, version, start);
  }
}
