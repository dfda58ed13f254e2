package dev.pqp.reference;

import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;

/**
 * The automatic reference of a version that has no training one: the merge of its first {@code needed}
 * finalized windows. Until it is complete the version is evaluated without a reference; afterwards it is
 * used as a reference of kind {@link ReferenceKind#AUTO} and no longer grows.
 */
public final class AutoBaseline {
  int windows;
  long start = Long.MIN_VALUE;
  WindowProfile profile;

  /** Adds a finalized window while the baseline has fewer than {@code needed} windows. */
  public void add(long windowStart, WindowProfile window, int needed, ProfileConfig config) {
    if (windows >= needed) {
      return;
    }
    if (profile == null) {
      profile = new WindowProfile(config);
      start = windowStart;
    }
    profile.merge(window);
    windows++;
  }

  public boolean complete(int needed) {
    return profile != null && windows >= needed;
  }

  /** The baseline as a reference, or null while it has fewer than {@code needed} windows. */
  public ReferenceProfile reference(String model, String version, int needed) {
    if (!complete(needed)) {
      return null;
    }
    return new ReferenceProfile("auto:" + needed + "-windows-from-" + start, ReferenceKind.AUTO, model, version, start,
        profile);
  }

  public int windows() {
    return windows;
  }

  /** Start of the first window in the baseline, or {@code Long.MIN_VALUE} when empty. */
  public long start() {
    return start;
  }
}
