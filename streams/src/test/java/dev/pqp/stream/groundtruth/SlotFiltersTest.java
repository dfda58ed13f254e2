package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SlotFiltersTest {
  @Test
  void shouldNeverRuleOutAStoredKeyAndRuleOutMostOthers() {
    SlotFilters f = new SlotFilters(Long.MIN_VALUE);
    SplittableRandom r = new SplittableRandom(7);
    long[] stored = new long[200_000]; // past the first filter's capacity: the slot grows
    for (int i = 0; i < stored.length; i++) {
      stored[i] = r.nextLong();
      f.stored(1_000, stored[i]);
    }
    for (long k : stored) {
      assertThat(f.mayHold(1_000, k)).isTrue();
    }
    int falsePositives = 0;
    for (int i = 0; i < 100_000; i++) {
      if (f.mayHold(1_000, r.nextLong())) {
        falsePositives++;
      }
    }
    // each of the slot's filters answers yes to under 1 % of other keys; it has 4 (16 Ki, 32 Ki, 64 Ki, 128 Ki)
    assertThat(falsePositives).isBetween(1_000, 5_000);
    assertThat(f.mayHold(2_000, stored[0])).as("a slot where nothing was stored").isFalse();
  }

  @Test
  void shouldAlwaysReadSlotsOlderThanItsStartAndSlotsItGaveUp() {
    SlotFilters f = new SlotFilters(10_000);
    f.stored(5_000, 1);
    assertThat(f.mayHold(5_000, 2)).as("stored before this instance: not in the filter").isTrue();
    assertThat(f.mayHold(10_000, 2)).isFalse();
    SlotFilters full = new SlotFilters(Long.MIN_VALUE);
    SplittableRandom r = new SplittableRandom(3);
    int stored = 0;
    do { // about 8.4 million keys fit in the budget (16 Ki to 4 Mi keys, doubling, at 12 bits each)
      full.stored(0, r.nextLong());
      stored++;
    } while (full.bits() > 0 && stored < 30_000_000);
    assertThat(stored).isBetween(8_000_000, 20_000_000);
    assertThat(full.bits()).isZero();
    assertThat(full.mayHold(0, 12345)).as("gave up: read always").isTrue();
  }

  @Test
  void shouldForgetDroppedSlotsAndTheirBits() {
    SlotFilters f = new SlotFilters(Long.MIN_VALUE);
    f.stored(0, 1);
    f.stored(1_000, 2);
    long both = f.bits();
    f.dropBefore(1_000);
    assertThat(f.bits()).isEqualTo(both / 2);
    assertThat(f.mayHold(0, 1)).isFalse();
    assertThat(f.mayHold(1_000, 2)).isTrue();
  }

  @Test
  void shouldSizeANewSlotsFirstFilterForTheKeysOfTheSlotBefore() {
    SlotFilters f = new SlotFilters(Long.MIN_VALUE);
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < 100_000; i++) {
      f.stored(0, r.nextLong());
    }
    long first = f.bits(); // 16 Ki, 32 Ki, 64 Ki: three filters
    assertThat(first).isEqualTo(bits(16_384) + bits(32_768) + bits(65_536));
    for (int i = 0; i < 100_000; i++) {
      f.stored(1_000, r.nextLong());
    }
    assertThat(f.bits() - first).as("one filter of 110,000 keys").isEqualTo(bits(110_000));
  }

  private static long bits(long capacity) {
    return new BlockedBloom(capacity).bits();
  }
}
