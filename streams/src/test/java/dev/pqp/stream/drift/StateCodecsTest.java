package dev.pqp.stream.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.window.VersionTotals;
import dev.pqp.window.VersionTotalsCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every hand-written state and repartition form decodes to what was encoded. */
class StateCodecsTest {
  @Test
  void shouldRoundTripKeysWithAnyUtf8Name() {
    VersionKey v = new VersionKey("fraud-ünïcode", "v1/*");
    assertThat(VersionKey.CODEC.decode(VersionKey.CODEC.encode(v))).isEqualTo(v);
    WindowKey w = new WindowKey(v, 1_700_000_000_000L);
    assertThat(WindowKey.CODEC.decode(WindowKey.CODEC.encode(w))).isEqualTo(w);
  }

  @Test
  void shouldOrderTheWindowsOfAVersionByStartInTheirBytes() {
    VersionKey v = new VersionKey("m", "v");
    byte[] early = WindowKey.bound(v, 1_000);
    byte[] late = WindowKey.bound(v, 1_000_000_000_000L);
    assertThat(java.util.Arrays.compareUnsigned(early, late)).isNegative();
    byte[] other = WindowKey.bound(new VersionKey("m", "w"), 0);
    assertThat(java.util.Arrays.compareUnsigned(late, other)).as("versions do not interleave").isNegative();
  }

  @Test
  void shouldRoundTripModelState() {
    ModelState s = StateFormatSamples.modelState();
    s.newestEventMs.put("v2", 456L);
    ModelState back = ModelState.CODEC.decode(ModelState.CODEC.encode(s));
    assertThat(back.sourceTimes).isEqualTo(s.sourceTimes);
    assertThat(back.newestEventMs).isEqualTo(s.newestEventMs);
    assertThat(new long[] {back.lastFinalizedEnd, back.lateDropped}).containsExactly(5_000, 7);
  }

  @Test
  void shouldRoundTripVersionStateWithBaselineAndTotals() {
    VersionState s = new VersionState();
    s.firstSeenMs = 42;
    WindowProfile window = new WindowProfile(ProfileConfig.DEFAULT);
    window.addFeature("x", 1.5, dev.pqp.profile.FeatureBounds.NONE);
    s.baseline.add(10_000, window, 3, ProfileConfig.DEFAULT);
    VersionState back = VersionState.CODEC.decode(VersionState.CODEC.encode(s));
    assertThat(back.firstSeenMs).isEqualTo(42);
    assertThat(back.baseline.windows()).isEqualTo(1);
    assertThat(back.baseline.start()).isEqualTo(10_000);
    assertThat(VersionTotalsCodec.encode(back.totals)).isEqualTo(VersionTotalsCodec.encode(new VersionTotals()));
  }

  @Test
  void shouldRoundTripPartialsAndTicks() {
    var tick = (StageOne.ModelTick) StageOneCodec.decode(
        StageOneCodec.encode(new StageOne.ModelTick(2, Map.of("v1", 5L, "v2", 6L), StageOne.NOT_FLUSHED)));
    assertThat(tick.source()).isEqualTo(2);
    assertThat(tick.newest()).isEqualTo(Map.of("v1", 5L, "v2", 6L));
    assertThat(tick.flushedThrough()).isEqualTo(StageOne.NOT_FLUSHED);
    var idle = (StageOne.ModelTick) StageOneCodec.decode(
        StageOneCodec.encode(new StageOne.ModelTick(3, Map.of("v1", 5L), 1_700_000_000_000L)));
    assertThat(idle.source()).isEqualTo(3);
    assertThat(idle.newest()).isEqualTo(Map.of("v1", 5L));
    assertThat(idle.flushedThrough()).isEqualTo(1_700_000_000_000L);
    var task = (StageOne.TaskTick) StageOneCodec.decode(StageOneCodec.encode(new StageOne.TaskTick(4, 1_700_000_000_000L)));
    assertThat(task).isEqualTo(new StageOne.TaskTick(4, 1_700_000_000_000L));
    WindowProfile p = new WindowProfile(ProfileConfig.DEFAULT);
    p.addFeature("x", 2.0, dev.pqp.profile.FeatureBounds.NONE);
    var partial = (StageOne.Partial) StageOneCodec.decode(StageOneCodec.encode(new StageOne.Partial(1, "v9", 20_000, p)));
    assertThat(partial.version()).isEqualTo("v9");
    assertThat(partial.windowStart()).isEqualTo(20_000);
    assertThat(partial.profile().features()).containsOnlyKeys("x");
  }
}
