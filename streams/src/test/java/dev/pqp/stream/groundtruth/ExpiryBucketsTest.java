package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.topology.store.MapTable;
import org.junit.jupiter.api.Test;

/**
 * The expiry buckets count an unresolved entry expired when its side's expiry time passes its bucket's
 * last millisecond plus the wait, once; at a granularity of 1 ms exactly at its own expiry time.
 */
class ExpiryBucketsTest {
  private final MapTable<String, long[]> table = new MapTable<>();

  @Test
  void shouldCountEachUnresolvedEntryOnceAtItsOwnExpiryWithOneMillisecondBuckets() {
    ExpiryBuckets b = new ExpiryBuckets(table, "prediction", 1);
    b.stored(100);
    b.stored(100);
    b.stored(250);
    b.resolved(100);
    assertThat(b.unresolved()).isEqualTo(2);
    assertThat(b.expire(1_099, 1_000)).isZero(); // 100 expires at 1,100
    assertThat(b.expire(1_100, 1_000)).isEqualTo(1); // one of the two at 100 was joined
    assertThat(b.expire(1_100, 1_000)).isZero(); // not twice
    assertThat(b.expire(1_249, 1_000)).isZero();
    assertThat(b.expire(5_000, 1_000)).isEqualTo(1);
    assertThat(b.unresolved()).isZero();
    assertThat(table.map).isEmpty();
  }

  @Test
  void shouldCountACoarseBucketOnceItsLastMillisecondHasExpired() {
    ExpiryBuckets b = new ExpiryBuckets(table, "label", 100);
    b.stored(0);
    b.stored(99);
    b.stored(100);
    assertThat(b.expire(1_000, 1_000)).isZero(); // the entry at 0 is due, its bucket (to 99) not yet
    assertThat(b.expire(1_099, 1_000)).isEqualTo(2);
    assertThat(b.expire(1_199, 1_000)).isEqualTo(1);
  }

  @Test
  void shouldContinueFromItsTableAfterARestartAndKeepTheSidesApart() {
    ExpiryBuckets predictions = new ExpiryBuckets(table, "prediction", 10);
    ExpiryBuckets labels = new ExpiryBuckets(table, "label", 10);
    predictions.stored(5);
    predictions.stored(15);
    labels.stored(5);
    predictions.resolved(15);

    ExpiryBuckets restarted = new ExpiryBuckets(table, "prediction", 10);
    assertThat(restarted.unresolved()).isEqualTo(1);
    assertThat(restarted.expire(100, 0)).isEqualTo(1);
    assertThat(new ExpiryBuckets(table, "label", 10).unresolved()).isEqualTo(1);
  }

  @Test
  void shouldKeepTheCountsInSixteenBytes() {
    long[] counts = {7, 3};
    assertThat(ExpiryBuckets.CODEC.encode(counts)).hasSize(16);
    assertThat(ExpiryBuckets.CODEC.decode(ExpiryBuckets.CODEC.encode(counts))).containsExactly(7, 3);
  }
}
