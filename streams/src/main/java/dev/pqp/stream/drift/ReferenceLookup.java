package dev.pqp.stream.drift;

import dev.pqp.profile.FeatureBounds;
import dev.pqp.reference.ReferenceBounds;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stream.VersionKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Reads reference profiles from the global reference store (key {@code model/version}, else
 * {@code model/*}) and keeps the decoded profile per key, decoding again only when the stored bytes
 * change. The bytes are re-read at most every {@code refreshMs}, so the per-event cost is a map lookup.
 */
final class ReferenceLookup implements WindowCloser.References {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ReferenceLookup.class);
  /** The global table of published references that every instance reads. */
  static final String STORE = "reference-profiles";
  /** How long a reference read from the store is used before the store is read again. */
  static final long REFRESH_MS = 10_000;
  private final KeyValueStore<String, ValueAndTimestamp<byte[]>> store;
  private final long refreshMs;
  private final int bins;
  private final Map<VersionKey, Entry> cache = new HashMap<>();
  private final Consumer<byte[]> decoded;

  private record Entry(byte[] bytes, ReferenceProfile reference, FeatureBounds bounds, long checkedMs) {}

  /** The references of the task's global store, binned into {@code bins} for PSI. */
  static ReferenceLookup of(ProcessorContext<?, ?> context, int bins) {
    return of(context, bins, bytes -> { });
  }

  /** As {@link #of(ProcessorContext, int)}, telling {@code decoded} the bytes of each reference it decodes. */
  static ReferenceLookup of(ProcessorContext<?, ?> context, int bins, Consumer<byte[]> decoded) {
    return new ReferenceLookup(context.getStateStore(STORE), REFRESH_MS, bins, decoded);
  }

  ReferenceLookup(KeyValueStore<String, ValueAndTimestamp<byte[]>> store, long refreshMs, int bins) {
    this(store, refreshMs, bins, bytes -> { });
  }

  ReferenceLookup(KeyValueStore<String, ValueAndTimestamp<byte[]>> store, long refreshMs, int bins,
      Consumer<byte[]> decoded) {
    this.store = store;
    this.refreshMs = refreshMs;
    this.bins = bins;
    this.decoded = decoded;
  }

  /** The training reference of the version, or null. */
  @Override
  public ReferenceProfile reference(VersionKey versionKey, long nowMs) {
    Entry e = entry(versionKey, nowMs);
    return e == null ? null : e.reference;
  }

  FeatureBounds bounds(VersionKey versionKey, long nowMs) {
    Entry e = entry(versionKey, nowMs);
    return e == null ? FeatureBounds.NONE : e.bounds;
  }

  private Entry entry(VersionKey key, long nowMs) {
    Entry e = cache.get(key);
    if (e != null && nowMs - e.checkedMs < refreshMs) {
      return e.reference == null ? null : e;
    }
    byte[] bytes = read(ReferenceProfile.topicKey(key.model(), key.version()));
    if (bytes == null) {
      bytes = read(ReferenceProfile.topicKey(key.model(), ReferenceProfile.ALL_VERSIONS));
    }
    if (bytes == null) {
      e = new Entry(null, null, FeatureBounds.NONE, nowMs);
    } else if (e != null && Arrays.equals(bytes, e.bytes)) {
      e = new Entry(e.bytes, e.reference, e.bounds, nowMs);
    } else {
      e = decode(key, bytes, nowMs);
    }
    cache.put(key, e);
    return e.reference == null ? null : e;
  }

  private Entry decode(VersionKey key, byte[] bytes, long nowMs) {
    try {
      ReferenceProfile r = ReferenceCodec.decode(bytes);
      Entry e = new Entry(bytes, r, new ReferenceBounds(r, bins), nowMs);
      decoded.accept(bytes);
      return e;
    } catch (RuntimeException ex) {
      // a corrupt reference must not stop processing: the version is treated as having none
      LOG.warn("reference {} on the reference topic cannot be decoded, ignoring it: {}", key, ex.getMessage());
      return new Entry(bytes, null, FeatureBounds.NONE, nowMs);
    }
  }

  private byte[] read(String key) {
    if (store == null) {
      return null;
    }
    ValueAndTimestamp<byte[]> v = store.get(key);
    return v == null ? null : v.value();
  }
}
