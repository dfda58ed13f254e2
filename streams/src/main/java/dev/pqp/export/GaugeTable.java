package dev.pqp.export;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gauges that are set, not sampled: each label set holds its last value, and every gauge belongs to a
 * group (one model version) so that the group can be removed at once when its key moves to another
 * instance or goes stale. Thread-safe; updates are rare (once per window per feature).
 */
final class GaugeTable {
  private static final class Value {
    volatile double v;
  }

  private record Entry(Value value, Meter meter) {}

  private final MeterRegistry registry;
  private final Map<String, Map<String, Entry>> groups = new HashMap<>();
  private final Map<String, Set<String>> touched = new HashMap<>();

  GaugeTable(MeterRegistry registry) {
    this.registry = registry;
  }

  synchronized void set(String group, String name, String description, Tags tags, double value) {
    set(group, name, description, tags, value, h -> h.v);
  }

  /**
   * A gauge whose value is the seconds from {@code epochMs} to the moment it is read (scraped): an age
   * that keeps growing while nothing new arrives.
   */
  synchronized void setAgeSince(String group, String name, String description, Tags tags, long epochMs) {
    set(group, name, description, tags, epochMs, h -> (System.currentTimeMillis() - h.v) / 1000.0);
  }

  private void set(String group, String name, String description, Tags tags, double value,
      java.util.function.ToDoubleFunction<Value> read) {
    Map<String, Entry> g = groups.computeIfAbsent(group, k -> new HashMap<>());
    String id = name + tags;
    Entry e = g.get(id);
    if (e == null) {
      Value holder = new Value();
      Meter m = Gauge.builder(name, holder, read).description(description).tags(tags).strongReference(true)
          .register(registry);
      e = new Entry(holder, m);
      g.put(id, e);
    }
    e.value.v = value;
    Set<String> t = touched.get(group);
    if (t != null) {
      t.add(id);
    }
  }

  /** Starts recording which gauges of {@code group} are set, for {@link #removeUntouched}. */
  synchronized void touch(String group) {
    touched.put(group, new HashSet<>());
  }

  /**
   * Removes the gauges of {@code group} not set since {@link #touch}, except those named {@code spared}:
   * what the latest update did not report must not keep an earlier value.
   */
  synchronized void removeUntouched(String group, String... spared) {
    Set<String> keep = touched.remove(group);
    Map<String, Entry> g = groups.get(group);
    if (keep == null || g == null) {
      return;
    }
    g.entrySet().removeIf(e -> {
      if (keep.contains(e.getKey()) || java.util.Arrays.stream(spared).anyMatch(n -> e.getKey().startsWith(n + "["))) {
        return false;
      }
      registry.remove(e.getValue().meter);
      return true;
    });
  }

  /** Removes the gauges of a group whose names are not in {@code keep}; used when a label value changes. */
  synchronized void retainOnly(String group, String name, Tags current) {
    Map<String, Entry> g = groups.get(group);
    if (g == null) {
      return;
    }
    String keep = name + current;
    List<String> drop = new ArrayList<>();
    g.forEach((id, e) -> {
      if (id.startsWith(name + "[") && !id.equals(keep)) {
        drop.add(id);
      }
    });
    drop.forEach(id -> registry.remove(g.remove(id).meter));
  }

  synchronized void removeGroup(String group) {
    Map<String, Entry> g = groups.remove(group);
    if (g != null) {
      g.values().forEach(e -> registry.remove(e.meter));
    }
  }

  synchronized int size() {
    return groups.values().stream().mapToInt(Map::size).sum();
  }
}
