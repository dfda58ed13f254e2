package dev.pqp.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.profile.ProfileFormatException;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PerformanceCodecTest {

  private static PerformanceProfile mixedProfile() {
    PerformanceProfile p = PerformanceProfile.create(PositiveClass.of("Yes", "1"), 100, 4);
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 3_000; i++) {
      double score = random.nextDouble();
      String truth = random.nextDouble() < score ? "yes" : "no";
      p.add(new Outcome(i, i + random.nextInt(100_000), score, truth.equals("yes") ? "yes" : "c" + (i % 6),
          Map.of(), null, truth, null));
      p.add(Outcome.regression(i, i + 5_000, random.nextGaussian(), i % 10 == 0 ? 0.0 : random.nextGaussian()));
    }
    return p;
  }

  @Test
  void shouldRoundTripEveryField() {
    PerformanceProfile p = mixedProfile();
    byte[] bytes = PerformanceCodec.encode(p);
    PerformanceProfile back = PerformanceCodec.decode(bytes);

    assertThat(bytes[0]).isEqualTo((byte) PerformanceCodec.FORMAT);
    assertThat(PerformanceCodec.encode(back)).isEqualTo(bytes);
    assertThat(back.positiveClass()).isEqualTo(p.positiveClass());
    assertThat(back.k()).isEqualTo(100);
    assertThat(back.classes.classes).containsExactlyElementsOf(p.classes.classes);
    assertThat(PerformanceMetrics.of(back, 9_000)).isEqualTo(PerformanceMetrics.of(p, 9_000));
  }

  @Test
  void shouldKeepMergingAfterARoundTrip() {
    PerformanceProfile back = PerformanceCodec.decode(PerformanceCodec.encode(mixedProfile()));
    back.merge(mixedProfile());
    PerformanceProfile twice = mixedProfile();
    twice.merge(mixedProfile());

    assertThat(PerformanceMetrics.of(back, 1).binary().truePositives())
        .isEqualTo(PerformanceMetrics.of(twice, 1).binary().truePositives());
    assertThat(back.labelled()).isEqualTo(twice.labelled()).isEqualTo(12_000);
  }

  @Test
  void shouldRoundTripAnEmptyProfile() {
    PerformanceProfile back = PerformanceCodec.decode(PerformanceCodec.encode(PerformanceProfile.create()));
    assertThat(PerformanceMetrics.of(back, 0)).isEqualTo(PerformanceMetrics.of(PerformanceProfile.create(), 0));
  }

  @Test
  void shouldRejectUnknownFormatsAndTruncatedBytes() {
    byte[] bytes = PerformanceCodec.encode(mixedProfile());
    byte[] future = bytes.clone();
    future[0] = 9;

    assertThatThrownBy(() -> PerformanceCodec.decode(future)).isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("format 9");
    assertThatThrownBy(() -> PerformanceCodec.decode(Arrays.copyOf(bytes, bytes.length / 2)))
        .isInstanceOf(ProfileFormatException.class);
    assertThatThrownBy(() -> PerformanceCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(ProfileFormatException.class).hasMessageContaining("trailing");
  }
}
