package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The join sample must choose the same ids on every instance, restart and release. */
class IdSampleTest {

  @Test
  void shouldHashIdsToFixedValues() {
    // FNV-1a 64 of the UTF-8 bytes, then the SplitMix64 finalizer: pinned, since changing it would
    // re-sample every waiting prediction of a running deployment
    long fnvOfEmpty = 0xcbf29ce484222325L;
    assertThat(IdSample.hash("")).isEqualTo(mix(fnvOfEmpty));
    long fnvOfA = (fnvOfEmpty ^ 'a') * 0x100000001b3L;
    assertThat(IdSample.hash("a")).isEqualTo(mix(fnvOfA));
  }

  private static long mix(long h) {
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    return h ^ (h >>> 31);
  }

  @Test
  void shouldKeepAboutTheRateOfIdsAndEveryIdAtRateOne() {
    IdSample tenth = new IdSample(0.1);
    long kept = IntStream.range(0, 100_000).filter(i -> tenth.contains("id-" + i)).count();
    assertThat(kept).isBetween(9_700L, 10_300L); // 0.1 +- 3.2 standard deviations
    IdSample all = new IdSample(1.0);
    assertThat(IntStream.range(0, 1000).allMatch(i -> all.contains("id-" + i))).isTrue();
  }

  @Test
  void shouldRejectRatesOutsideZeroToOne() {
    assertThatThrownBy(() -> new IdSample(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new IdSample(1.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
