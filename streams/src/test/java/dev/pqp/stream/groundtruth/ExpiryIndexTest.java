package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.stream.groundtruth.ExpiryIndex.Entry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

  @Test
  void shouldOpenNoIteratorUntilTimeReachesTheEarliestExpiry() {
    ExpiryIndex index = new ExpiryIndex(store, (byte) 0);
    assertThat(index.due(1_000)).isEmpty();
    index.put(200, "c");
    index.put(100, "b");
    index.put(150, "a");
    int opened = store.ranges;

    assertThat(index.due(99)).isEmpty();
    assertThat(store.ranges).isEqualTo(opened);
    assertThat(index.due(150)).containsExactly(new Entry(100, "b"), new Entry(150, "a"));
    assertThat(store.ranges).isEqualTo(opened + 1);
    assertThat(index.due(199)).isEmpty(); // the scan found 200 next: no iterator
    assertThat(store.ranges).isEqualTo(opened + 1);
    index.put(120, "d"); // a put lowers the earliest expiry again
    assertThat(index.due(120)).containsExactly(new Entry(120, "d"));
    assertThat(index.due(Long.MAX_VALUE)).containsExactly(new Entry(200, "c"));
    assertThat(store.approximateNumEntries()).isZero(); // due entries are deleted
  }

  @Test
  void shouldReadTheEarliestExpiryFromTheStoreWhenCreatedAsAfterARestore() {
    new ExpiryIndex(store, (byte) 1).put(300, "x");
    new ExpiryIndex(store, (byte) 1).put(-5, "clamped");
    ExpiryIndex index = new ExpiryIndex(store, (byte) 1);
    assertThat(index.due(-1)).isEmpty(); // no time yet
    assertThat(index.due(0)).containsExactly(new Entry(0, "clamped"));
    int opened = store.ranges;
    assertThat(index.due(299)).isEmpty();
    assertThat(store.ranges).isEqualTo(opened);
    assertThat(index.due(300)).containsExactly(new Entry(300, "x"));
  }

  @Test
  void shouldKeepTheIndexesOfTwoKindsApartInOneStore() {
    ExpiryIndex predictions = new ExpiryIndex(store, (byte) 0);
    ExpiryIndex labels = new ExpiryIndex(store, (byte) 1);
    predictions.put(Long.MAX_VALUE, "p-last");
    predictions.put(10, "p");
    labels.put(5, "l");
    labels.put(0, "l0");
    assertThat(predictions.due(1_000)).containsExactly(new Entry(10, "p"));
    assertThat(labels.due(4)).containsExactly(new Entry(0, "l0"));
    assertThat(new ExpiryIndex(store, (byte) 1).due(Long.MAX_VALUE)).containsExactly(new Entry(5, "l"));
    assertThat(new ExpiryIndex(store, (byte) 0).due(Long.MAX_VALUE)).containsExactly(new Entry(Long.MAX_VALUE, "p-last"));
  }

  /** Random puts of two kinds and rising times: the same entries as a full scan every time. */
  @Test
  void shouldFindExactlyTheEntriesAFullScanFinds() {
    ExpiryIndex index = new ExpiryIndex(store, (byte) 0);
    ExpiryIndex other = new ExpiryIndex(store, (byte) 1);
    Random r = new Random(7);
    long t = 0;
    int scans = 0;
    for (int step = 0; step < 5_000; step++) {
      if (r.nextInt(3) > 0) {
        index.put(Math.max(0, t - 50 + r.nextInt(400)), "id" + r.nextInt(1_000));
      }
      if (r.nextInt(4) == 0) {
        other.put(r.nextInt(100_000), "o" + step);
      }
      t += r.nextInt(5);
      List<Entry> expected = new ArrayList<>();
      try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
        while (it.hasNext()) {
          byte[] k = it.next().key.get();
          long expiry = ByteBuffer.wrap(k, 1, 8).getLong();
          if (k[0] == 0 && expiry <= t) {
            expected.add(new Entry(expiry, new String(k, 9, k.length - 9, StandardCharsets.UTF_8)));
          }
        }
      }
      int before = store.ranges;
      List<Entry> due = index.due(t);
      scans += store.ranges - before;
      assertThat(due).isEqualTo(expected);
    }
    assertThat(scans).isLessThan(5_000 / 2); // most records find nothing due and open nothing
  }
}
