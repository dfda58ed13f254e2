package dev.pqp.stream.drift;

import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.WindowProfile;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The finalized window profiles of stage 2's versions for the retention (default 25 h), in a logged
 * RocksDB store keyed by {@link WindowKey}: what the 24 h and version comparisons read. Written once per
 * finalized window (the bytes are encoded once for this store and the profiles topic), read once per
 * comparison; never on the heap. Bounded by retention / window size windows per version.
 */
final class ProfileHistory implements WindowCloser.History {
  static final String STORE = "stage2-history";

  private final KeyValueStore<Bytes, byte[]> store;
  private final long retentionMs;

  ProfileHistory(KeyValueStore<Bytes, byte[]> store, long retentionMs) {
    this.store = store;
    this.retentionMs = retentionMs;
  }

  /** Keeps a finalized window and forgets the version's windows that fell out of the retention. */
  @Override
  public void keep(WindowKey key, byte[] encodedProfile) {
    store.put(Bytes.wrap(key.bytes()), encodedProfile);
    long oldest = key.start() - retentionMs;
    if (oldest <= 0) {
      return;
    }
    List<Bytes> expired = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(WindowKey.bound(key.version(), 0)),
        Bytes.wrap(WindowKey.bound(key.version(), oldest - 1)))) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        expired.add(kv.key);
      }
    }
    expired.forEach(store::delete);
  }

  /** Forgets every kept window of a version. */
  @Override
  public void forget(VersionKey version) {
    deleteRange(store, version);
  }

  /** Deletes every key of {@code version} from a store keyed by {@link WindowKey}. */
  static void deleteRange(KeyValueStore<Bytes, byte[]> store, VersionKey version) {
    keys(store, version).forEach(store::delete);
  }

  @Override
  public List<Long> latest(VersionKey version, long before, int max) {
    List<Long> starts = new ArrayList<>();
    if (before <= 0 || max <= 0) {
      return starts;
    }
    try (KeyValueIterator<Bytes, byte[]> it = store.reverseRange(Bytes.wrap(WindowKey.bound(version, 0)),
        Bytes.wrap(WindowKey.bound(version, before - 1)))) {
      while (it.hasNext() && starts.size() < max) {
        starts.add(WindowKey.CODEC.decode(it.next().key.get()).start());
      }
    }
    return starts;
  }

  /** The keys of {@code version}'s windows in a store keyed by {@link WindowKey}, oldest first. */
  private static List<Bytes> keys(KeyValueStore<Bytes, byte[]> store, VersionKey version) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(WindowKey.bound(version, 0)),
        Bytes.wrap(WindowKey.bound(version, Long.MAX_VALUE)))) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }

  /** The finalized profile of that window, or null when it had no events or fell out of the retention. */
  @Override
  public WindowProfile get(WindowKey key) {
    byte[] bytes = store.get(Bytes.wrap(key.bytes()));
    return bytes == null ? null : ProfileCodec.decode(bytes);
  }
}
