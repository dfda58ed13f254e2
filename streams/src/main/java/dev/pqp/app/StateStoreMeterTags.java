package dev.pqp.app;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives Kafka Streams' state-store meters one set of tag keys. Kafka Streams names a store's tag after its
 * kind ({@code rocksdb.state.id}, {@code in.memory.state.id}, {@code rocksdb.window.state.id}, …), so one
 * meter name such as {@code kafka.stream.state.put.latency.avg} arrives with different tag keys for stores of
 * different kinds, and Micrometer's Prometheus registry, which requires one set of keys per name, refused all
 * but the first kind (with a WARN at start-up). This filter, installed before any meter is registered,
 * turns each {@code <kind>.state.id} tag into {@code state.id} (the store) and {@code store.type} (the kind),
 * so every store is exported.
 */
final class StateStoreMeterTags implements MeterFilter {
  static final String PREFIX = "kafka.stream.state.";
  private static final String SUFFIX = ".state.id";

  @Override
  public Meter.Id map(Meter.Id id) {
    if (!id.getName().startsWith(PREFIX)) {
      return id;
    }
    List<Tag> tags = new ArrayList<>();
    boolean changed = false;
    for (Tag t : id.getTagsAsIterable()) {
      String key = t.getKey();
      if (key.endsWith(SUFFIX) && key.length() > SUFFIX.length()) {
        tags.add(Tag.of("state.id", t.getValue()));
        tags.add(Tag.of("store.type", key.substring(0, key.length() - SUFFIX.length())));
        changed = true;
      } else {
        tags.add(t);
      }
    }
    return changed ? id.replaceTags(tags) : id;
  }
}
