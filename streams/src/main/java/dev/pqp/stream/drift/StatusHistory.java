package dev.pqp.stream.drift;

import dev.pqp.status.SummaryCodec;
import dev.pqp.status.WindowSummary;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The {@link WindowSummary} of the last {@code windows} finalized windows of each of stage 2's versions, in
 * a logged RocksDB store keyed by {@link WindowKey}: what the status page shows, read by interactive
 * queries ({@link dev.pqp.status.LocalStatus}). Kept beside the window's outputs, in the same transaction,
 * so a rebalance or a crash hands the new owner the same history; written once per finalized window (about
 * 100 bytes per feature), never on the heap.
 *
 * <p>Not rebuilt from the profiles of {@link ProfileHistory}: that would evaluate every kept window again
 * on the stream thread when a task starts, against the reference of now rather than the one the window was
 * judged by.
 */
final class StatusHistory {
  static final String STORE = "stage2-status";
  private static final long SWEEP_INTERVAL_MS = 3_600_000;

  private final KeyValueStore<Bytes, byte[]> store;
  private final int windows;
  private final long retentionMs;
  private long lastSweepMs;

  /** @param retentionMs a version without a window for this long (in window time) is forgotten */
  StatusHistory(KeyValueStore<Bytes, byte[]> store, int windows, long retentionMs) {
    this.store = store;
    this.windows = windows;
    this.retentionMs = retentionMs;
  }

  /** Keeps the summary of a finalized window and forgets the version's windows beyond the last {@code windows}. */
  void keep(WindowKey key, WindowSummary summary) {
    store.put(Bytes.wrap(key.bytes()), SummaryCodec.encode(summary));
    List<Bytes> kept = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(WindowKey.bound(key.version(), 0)),
        Bytes.wrap(WindowKey.bound(key.version(), Long.MAX_VALUE)))) {
      while (it.hasNext()) {
        kept.add(it.next().key);
      }
    }
    // keys of a version sort by window start (big-endian, and starts are not negative): the oldest come first
    kept.subList(0, Math.max(0, kept.size() - windows)).forEach(store::delete);
  }

  /** Forgets every kept summary of a version. */
  void forget(VersionKey version) {
    ProfileHistory.deleteRange(store, version);
  }

  /**
   * At most once an hour of wall-clock time: forgets the versions whose newest window started more than the
   * retention before the newest window of any version here, so versions that stopped do not stay forever.
   */
  void sweep(long wallMs) {
    if (wallMs - lastSweepMs < SWEEP_INTERVAL_MS) {
      return;
    }
    lastSweepMs = wallMs;
    Map<VersionKey, List<Bytes>> keys = new HashMap<>();
    Map<VersionKey, Long> newestStart = new HashMap<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        WindowKey w = WindowKey.CODEC.decode(kv.key.get());
        keys.computeIfAbsent(w.version(), k -> new ArrayList<>()).add(kv.key);
        newestStart.merge(w.version(), w.start(), Math::max);
      }
    }
    long oldest = newestStart.values().stream().mapToLong(Long::longValue).max().orElse(0) - retentionMs;
    newestStart.forEach((v, start) -> {
      if (start < oldest) {
        keys.get(v).forEach(store::delete);
      }
    });
  }
}
