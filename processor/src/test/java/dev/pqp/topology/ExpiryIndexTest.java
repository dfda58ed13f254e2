package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.internals.InMemoryKeyValueStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ExpiryIndexTest {
  /** The index store, counting the iterators opened on it. */
  static final class CountingStore extends InMemoryKeyValueStore {
    int ranges;

    CountingStore() {
      super("index");
    }

    @Override
    public synchronized KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
      ranges++;
      return super.range(from, to);
    }
  }

  CountingStore store;

  @BeforeEach
  void init() {
    store = new CountingStore();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
  }

  private static Bytes key(long expiry, String id) {
    return GroundTruthJoin.indexKey(expiry, (byte) 0, id);
  }

  @Test
  void shouldOpenNoIteratorUntilStreamTimeReachesTheEarliestExpiry() {
    ExpiryIndex index = new ExpiryIndex(store);
    assertThat(index.due(1_000)).isEmpty();
    index.put(key(200, "c"), new byte[0]);
    index.put(key(100, "b"), new byte[0]);
    index.put(key(150, "a"), new byte[0]);
    int opened = store.ranges;

    assertThat(index.due(99)).isEmpty();
    assertThat(store.ranges).isEqualTo(opened);
    assertThat(index.due(150)).containsExactly(key(100, "b"), key(150, "a"));
    assertThat(store.ranges).isEqualTo(opened + 1);
    index.delete(key(100, "b"));
    index.delete(key(150, "a"));
    assertThat(index.due(199)).isEmpty(); // the scan found 200 next: no iterator
    assertThat(store.ranges).isEqualTo(opened + 1);
    index.put(key(120, "d"), new byte[0]); // a put lowers the earliest expiry again
    assertThat(index.due(120)).containsExactly(key(120, "d"));
  }

  @Test
  void shouldReadTheEarliestExpiryFromTheStoreWhenCreatedAsAfterARestore() {
    store.put(key(300, "x"), new byte[0]);
    store.put(key(0, "clamped"), new byte[0]);
    ExpiryIndex index = new ExpiryIndex(store);
    assertThat(index.due(-1)).isEmpty(); // no stream time yet
    assertThat(index.due(0)).containsExactly(key(0, "clamped"));
    store.delete(key(0, "clamped"));
    int opened = store.ranges;
    assertThat(index.due(299)).isEmpty();
    assertThat(store.ranges).isEqualTo(opened);
    assertThat(index.due(300)).containsExactly(key(300, "x"));
  }

  /** Random puts, deletes of what came due and rising stream times: the same keys as a full scan every time. */
  @Test
  void shouldFindExactlyTheKeysAFullScanFinds() {
    ExpiryIndex index = new ExpiryIndex(store);
    Random r = new Random(7);
    long t = 0;
    int scans = 0;
    for (int step = 0; step < 5_000; step++) {
      if (r.nextInt(3) > 0) {
        index.put(key(Math.max(0, t - 50 + r.nextInt(400)), "id" + r.nextInt(1_000)), new byte[0]);
      }
      t += r.nextInt(5);
      List<Bytes> expected = new ArrayList<>();
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        while (it.hasNext()) {
          Bytes k = it.next().key;
          if (ExpiryIndex.expiry(k) <= t) {
            expected.add(k);
          }
        }
      }
      int before = store.ranges;
      List<Bytes> due = index.due(t);
      scans += store.ranges - before;
      assertThat(due).isEqualTo(expected);
      due.forEach(index::delete);
    }
    assertThat(scans).isLessThan(5_000 / 2); // most records find nothing due and open nothing
  }
}
