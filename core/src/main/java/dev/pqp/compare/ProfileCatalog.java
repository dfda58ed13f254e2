package dev.pqp.compare;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileFormatException;
import dev.pqp.profile.WindowProfile;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The latest window profiles on the profiles topic, by key {@code model/version/windowStartEpochMs}. Finds
 * a version's window by a time: the window whose start is the latest start at or before it, or its windows
 * over a range of times. Decodes only the profiles it returns.
 */
public final class ProfileCatalog {
  /** How many window starts an error lists around the time asked for. */
  static final int NEAREST = 5;

  private final String topic;
  private final Map<String, byte[]> profiles;

  /**
   * @param topic the profiles topic, named in errors
   * @param profiles the latest value of each key (keys without a value are ignored)
   */
  public ProfileCatalog(String topic, Map<String, byte[]> profiles) {
    this.topic = topic;
    this.profiles = Map.copyOf(profiles);
  }

  public static String key(String model, String version, long start) {
    return model + "/" + version + "/" + start;
  }

  /** The window starts of {@code model/version} on the topic, oldest first, with the profile bytes. */
  public NavigableMap<Long, byte[]> windows(String model, String version) {
    String prefix = model + "/" + version + "/";
    NavigableMap<Long, byte[]> out = new TreeMap<>();
    profiles.forEach((key, bytes) -> {
      Long start = key.startsWith(prefix) ? start(key.substring(prefix.length())) : null;
      if (start != null && bytes != null) {
        out.put(start, bytes);
      }
    });
    return out;
  }

  /**
   * The window of {@code model/version} whose start is the latest start at or before {@code atMs}.
   *
   * @throws CompareException naming what is missing and listing what the topic has: the version's windows
   *     nearest to {@code atMs}, or the model's versions, or the models
   */
  public SelectedWindow select(String model, String version, long atMs) {
    NavigableMap<Long, byte[]> windows = existing(model, version);
    Map.Entry<Long, byte[]> e = windows.floorEntry(atMs);
    if (e == null) {
      throw noneBefore(model, version, windows, atMs);
    }
    return selected(model, version, windows, e.getKey());
  }

  /**
   * The windows of {@code model/version} that hold a time in [{@code fromMs}, {@code toMs}], oldest first: from
   * the one {@code fromMs} selects (or the first, when none starts that early) to the one {@code toMs} selects.
   * Each is decoded when the stream reaches it, so that a long range is never in memory decoded at once.
   *
   * @throws CompareException as {@link #select} does when the version has no window or none starts at or before
   *     {@code toMs}; when a profile cannot be decoded, from the stream
   * @throws IllegalArgumentException when {@code toMs} is before {@code fromMs}
   */
  public Stream<SelectedWindow> range(String model, String version, long fromMs, long toMs) {
    if (toMs < fromMs) {
      throw new IllegalArgumentException("the range ends before it starts: " + fromMs + " > " + toMs);
    }
    NavigableMap<Long, byte[]> windows = existing(model, version);
    Long first = windows.floorKey(fromMs);
    NavigableMap<Long, byte[]> in = windows.subMap(first == null ? fromMs : first, true, toMs, true);
    if (in.isEmpty()) {
      throw noneBefore(model, version, windows, toMs);
    }
    return in.keySet().stream().map(start -> selected(model, version, windows, start));
  }

  /** The windows of {@code model/version}, not empty. */
  private NavigableMap<Long, byte[]> existing(String model, String version) {
    NavigableMap<Long, byte[]> windows = windows(model, version);
    if (windows.isEmpty()) {
      throw new CompareException("no window profiles of model " + model + " version " + version + " on " + topic + "; "
          + whatIsThere(model));
    }
    return windows;
  }

  private CompareException noneBefore(String model, String version, NavigableMap<Long, byte[]> windows, long atMs) {
    return new CompareException("no window of " + model + "/" + version + " starts at or before " + Instant.ofEpochMilli(atMs)
        + " on " + topic + "; " + nearest(windows, atMs));
  }

  private SelectedWindow selected(String model, String version, NavigableMap<Long, byte[]> windows, long start) {
    return new SelectedWindow(model, version, start, windows.higherKey(start),
        decode(key(model, version, start), windows.get(start)));
  }

  /** The number of windows, their range, and the starts nearest to {@code atMs} in time order. */
  static String nearest(NavigableMap<Long, byte[]> windows, long atMs) {
    List<Long> near = windows.keySet().stream()
        .sorted(Comparator.comparingLong((Long s) -> Math.abs(s - atMs)).thenComparing(Comparator.naturalOrder()))
        .limit(NEAREST).sorted().toList();
    return windows.size() + " window" + (windows.size() == 1 ? "" : "s") + " from " + Instant.ofEpochMilli(windows.firstKey())
        + " to " + Instant.ofEpochMilli(windows.lastKey()) + "; nearest: "
        + near.stream().map(s -> Instant.ofEpochMilli(s) + " (" + s + ")").collect(Collectors.joining(", "));
  }

  private String whatIsThere(String model) {
    Set<String> versions = new TreeSet<>();
    Set<String> models = new TreeSet<>();
    for (String key : profiles.keySet()) {
      int last = key.lastIndexOf('/');
      if (last < 0 || start(key.substring(last + 1)) == null) {
        continue;
      }
      String modelVersion = key.substring(0, last);
      if (modelVersion.startsWith(model + "/")) {
        versions.add(modelVersion.substring(model.length() + 1));
      }
      int first = modelVersion.indexOf('/');
      models.add(first < 0 ? modelVersion : modelVersion.substring(0, first));
    }
    if (!versions.isEmpty()) {
      return "versions of " + model + " there: " + String.join(", ", versions);
    }
    return models.isEmpty() ? "the topic holds no window profiles" : "no profiles of model " + model + "; models there: "
        + String.join(", ", models);
  }

  private WindowProfile decode(String key, byte[] bytes) {
    try {
      return ProfileCodec.decode(bytes);
    } catch (ProfileFormatException e) {
      throw new CompareException("window profile " + key + " on " + topic + " cannot be decoded: " + e.getMessage());
    }
  }

  private static Long start(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
