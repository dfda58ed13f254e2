package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlockedBloomTest {
  /** Keys as the join's are: 64-bit hashes, here of consecutive ids, so that their order carries no pattern it could lean on. */
  private static long key(long id) {
    return PredictionKey.of("pred-" + id);
  }

  @Test
  void shouldNeverRuleOutAnAddedKeyAndAnswerYesToAboutOnePercentOfOthersWhenFull() {
    for (long capacity : new long[] {1_000, 100_000, 1_000_000}) {
      BlockedBloom f = new BlockedBloom(capacity);
      for (long i = 0; i < capacity; i++) {
        f.add(key(i));
      }
      assertThat(f.full()).isTrue();
      for (long i = 0; i < capacity; i++) {
        assertThat(f.mayContain(key(i))).as("added key %d of %d", i, capacity).isTrue();
      }
      int trials = 200_000;
      int yes = 0;
      SplittableRandom r = new SplittableRandom(capacity);
      for (int i = 0; i < trials; i++) {
        yes += f.mayContain(r.nextLong()) ? 1 : 0;
      }
      // an unblocked filter of 12 bits per key and 8 probes: 0.31 %; 512-bit blocks, whose load varies, raise it
      double rate = (double) yes / trials;
      assertThat(rate).as("false positives at capacity %d", capacity).isBetween(0.001, 0.012);
    }
  }

  @Test
  void shouldTakeTwelveBitsPerKeyInWholeCacheLines() {
    assertThat(new BlockedBloom(1_000_000).bits()).isEqualTo(12_000_256L); // 23,438 blocks of 512 bits
    assertThat(new BlockedBloom(1).bits()).isEqualTo(512);
  }
}
