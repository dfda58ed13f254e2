package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The join keys a prediction by 64 bits of a hash of its id. Ten million ids, of the two shapes serving
 * stacks use (random UUIDs, and a prefix with a counter), give ten million distinct keys: with 64 bits the
 * chance of any collision among them is about 3 &times; 10<sup>-6</sup> (n<sup>2</sup>/2<sup>65</sup>), so
 * a collision here would mean a broken hash, not bad luck.
 */
class PredictionKeyTest {
  private static final int N = 5_000_000;

  @Test
  void shouldGiveDistinctKeysToTenMillionIds() {
    SplittableRandom random = new SplittableRandom(42);
    long[] keys = new long[2 * N];
    for (int i = 0; i < N; i++) {
      keys[i] = PredictionKey.of(new UUID(random.nextLong(), random.nextLong()).toString());
      keys[N + i] = PredictionKey.of("pred-" + i);
    }
    Arrays.sort(keys);
    int collisions = 0;
    for (int i = 1; i < keys.length; i++) {
      if (keys[i] == keys[i - 1]) {
        collisions++;
      }
    }
    assertThat(collisions).isZero();
  }

  @Test
  void shouldNeverGiveTheClockKey() {
    assertThat(PredictionKey.of("")).isNotEqualTo(PredictionKey.CLOCK);
    assertThat(PredictionKey.of("a")).isEqualTo(PredictionKey.of("a")).isNotEqualTo(PredictionKey.of("b"));
  }
}
