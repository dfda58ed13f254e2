package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.outcome.Outcome;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Upgrades: the state and repartition records written by release 0.1 (bytes kept in
 * {@code src/test/resources/state-formats/0.1/}) are read by this code, field by field; and the previous
 * performance-window format (1, without the score histogram and calibration) still is. While a form's format
 * stays the same, today's bytes must equal the kept ones: a change that breaks that must bump the form's
 * format byte, keep reading the old bytes, and add the new ones here beside them.
 *
 * <p>The bytes were written by {@link #writeFixtures} ({@code -Dpqp.writeStateFixtures=true}), once, for the
 * release; they are not rewritten by a normal run, nor by that one, which writes only the files not kept yet.
 */
class StateFormatsTest {
  private static final String DIR = "state-formats/0.1/";

  /** Every kept form and the sample it holds, by file name. */
  private static Map<String, byte[]> current() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("window-profile.bin", ProfileCodec.encode(windowProfile()));
    m.put("profile-partial.bin", Partial.profile(1, "v9", 20_000, windowProfile()).encode());
    m.put("profile-tick.bin", Partial.tick(2, Map.of("v1", 5L)).encode());
    m.put("model-state.bin", ModelState.CODEC.encode(modelState()));
    m.put("performance-window.bin", PerformanceWindow.CODEC.encode(performanceWindow()));
    m.put("join-pending.bin", JoinRecords.encode(pending()));
    m.put("join-label.bin", JoinRecords.encode(new JoinRecords.Label(1_000L, "1", null)));
    m.put("join-counted.bin", JoinRecords.encode(counted()));
    m.put("join-outcome.bin", JoinRecords.encode(new JoinRecords.Joined("fraud", "v2", outcome(0.8, "1"))));
    m.put("join-progress.bin", JoinRecords.encode(new JoinRecords.Progress(3, 1_234_567L)));
    return m;
  }

  private static WindowProfile windowProfile() {
    WindowProfile p = new WindowProfile(ProfileConfig.DEFAULT);
    p.addFeature("income", 52_000.5, FeatureBounds.NONE);
    p.addFeature("income", 61_250.25, FeatureBounds.NONE);
    p.addFeature("region", "north", FeatureBounds.NONE);
    p.addFeature("region", "south", FeatureBounds.NONE);
    p.addFeature("returning", Boolean.TRUE, FeatureBounds.NONE);
    p.addFeature("age", null, FeatureBounds.NONE);
    return p;
  }

  private static ModelState modelState() {
    ModelState s = new ModelState();
    s.sourceTimes.put(0, 10L);
    s.sourceTimes.put(3, 99L);
    s.lastFinalizedEnd = 5_000;
    s.lateDropped = 7;
    s.newestEventMs.put("v1", 123L);
    return s;
  }

  private static Outcome outcome(double score, String truth) {
    return new Outcome(500L, 1_500L, score, score >= 0.5 ? "1" : "0", Map.of(), null, truth, null);
  }

  private static PerformanceWindow performanceWindow() {
    PositiveClass positive = PositiveClass.of("1", "true");
    PerformanceWindow w = new PerformanceWindow("fraud", "v2", 60_000, PerformanceProfile.create(positive,
        PerformanceProfile.DEFAULT_K, PerformanceProfile.DEFAULT_CLASS_CAP));
    for (Outcome o : new Outcome[] {outcome(0.8, "1"), outcome(0.3, "1"), outcome(0.1, "0")}) {
      w.profile.add(o);
      w.calibration.add(o, positive);
    }
    w.predictions = 5;
    w.sampledPredictions = 4;
    w.scoreBuckets[8] = 2;
    w.unemitted = true;
    return w;
  }

  private static JoinRecords.Pending pending() {
    // sorted, as Pending.of keeps them: Map.of would iterate in an order that changes from run to run
    return new JoinRecords.Pending("fraud", "v2", 900L, 0.7, "1", new java.util.TreeMap<>(Map.of("0", 0.3, "1", 0.7)),
        null, false);
  }

  private static JoinRecords.Counted counted() {
    JoinRecords.Counted c = new JoinRecords.Counted("fraud", "v2", 60_000);
    c.add(true, 0.95);
    c.add(false, 0.15);
    return c;
  }

  private static byte[] kept(String name) throws IOException {
    try (InputStream in = StateFormatsTest.class.getResourceAsStream("/" + DIR + name)) {
      assertThat(in).as("kept bytes %s", name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void shouldReadTheStateAndRepartitionRecordsOfRelease01() throws IOException {
    WindowProfile profile = ProfileCodec.decode(kept("window-profile.bin"));
    assertThat(profile.features()).containsOnlyKeys("income", "region", "returning");
    assertThat(profile.eventCount()).isEqualTo(windowProfile().eventCount());

    Partial partial = Partial.decode(kept("profile-partial.bin"));
    assertThat(new Object[] {partial.isTick(), partial.source(), partial.version(), partial.windowStart()})
        .containsExactly(false, 1, "v9", 20_000L);
    assertThat(partial.profile().features()).containsOnlyKeys("income", "region", "returning");
    Partial tick = Partial.decode(kept("profile-tick.bin"));
    assertThat(tick.isTick()).isTrue();
    assertThat(tick.newest()).isEqualTo(Map.of("v1", 5L));

    ModelState state = ModelState.CODEC.decode(kept("model-state.bin"));
    assertThat(state.sourceTimes).isEqualTo(Map.of(0, 10L, 3, 99L));
    assertThat(new long[] {state.lastFinalizedEnd, state.lateDropped}).containsExactly(5_000, 7);
    assertThat(state.newestEventMs).isEqualTo(Map.of("v1", 123L));

    PerformanceWindow w = PerformanceWindow.CODEC.decode(kept("performance-window.bin"));
    assertThat(new Object[] {w.model, w.version, w.start, w.predictions, w.sampledPredictions, w.unemitted})
        .containsExactly("fraud", "v2", 60_000L, 5L, 4L, true);
    assertThat(w.profile.labelled()).isEqualTo(3);
    assertThat(w.scoreBuckets[8]).isEqualTo(2);
    assertThat(w.calibration.labelled(8)).isEqualTo(1);

    assertThat(JoinRecords.decodePending(kept("join-pending.bin"))).isEqualTo(pending());
    assertThat(JoinRecords.decodeLabel(kept("join-label.bin"))).isEqualTo(new JoinRecords.Label(1_000L, "1", null));
    JoinRecords.Counted c = JoinRecords.decodeCounted(kept("join-counted.bin"));
    assertThat(new long[] {c.predictions, c.sampled, c.windowStart, c.scoreBuckets[9], c.scoreBuckets[1]})
        .containsExactly(2, 1, 60_000, 1, 1);
    assertThat(JoinRecords.decodeJoined(kept("join-outcome.bin")))
        .isEqualTo(new JoinRecords.Joined("fraud", "v2", outcome(0.8, "1")));
    assertThat(JoinRecords.decodeProgress(kept("join-progress.bin"))).isEqualTo(new JoinRecords.Progress(3, 1_234_567L));
  }

  /** Format 1 of a performance window: format 2's bytes without the histogram and calibration at the end. */
  @Test
  void shouldStillReadThePreviousPerformanceWindowFormat() throws IOException {
    byte[] format2 = kept("performance-window.bin");
    byte[] format1 = Arrays.copyOf(format2, format2.length - 3 * 8 * dev.pqp.outcome.Calibration.BUCKETS);
    format1[0] = 1;
    PerformanceWindow w = PerformanceWindow.CODEC.decode(format1);
    assertThat(new Object[] {w.model, w.version, w.start, w.predictions}).containsExactly("fraud", "v2", 60_000L, 5L);
    assertThat(w.profile.labelled()).isEqualTo(3);
    assertThat(w.scoreBuckets).containsOnly(0L);
  }

  @Test
  void shouldWriteTheSameBytesWhileAFormatStaysTheSame() throws IOException {
    for (Map.Entry<String, byte[]> e : current().entrySet()) {
      assertThat(e.getValue()).as("%s changed: bump its format, keep reading the kept bytes, keep the new ones beside "
          + "them", e.getKey()).isEqualTo(kept(e.getKey()));
    }
  }

  @Test
  @EnabledIfSystemProperty(named = "pqp.writeStateFixtures", matches = "true")
  void writeFixtures() throws IOException {
    Path dir = Path.of("src/test/resources", DIR);
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> e : current().entrySet()) {
      Path file = dir.resolve(e.getKey());
      if (!Files.exists(file)) { // kept bytes are never rewritten: they are what an older release wrote
        Files.write(file, e.getValue());
      }
    }
  }
}
