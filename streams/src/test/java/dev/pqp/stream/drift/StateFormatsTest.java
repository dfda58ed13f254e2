package dev.pqp.stream.drift;

import static dev.pqp.stream.drift.StateFormatSamples.MINUTE;
import static dev.pqp.stream.drift.StateFormatSamples.MODEL;
import static dev.pqp.stream.drift.StateFormatSamples.T0;
import static dev.pqp.stream.drift.StateFormatSamples.VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pqp.comparison.ModelTally;
import dev.pqp.stream.comparison.TallyCodec;
import dev.pqp.action.Episode;
import dev.pqp.action.WindowEvidence;
import dev.pqp.stream.action.EpisodeCodec;
import dev.pqp.outcome.Outcome;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.RequestStats;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceKind;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.status.SummaryCodec;
import dev.pqp.status.WindowSummary;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.stream.groundtruth.AccuracyActionsCodec;
import dev.pqp.stream.groundtruth.JoinCodec;
import dev.pqp.stream.groundtruth.JoinRecords;
import dev.pqp.stream.groundtruth.PerformanceAggregator;
import dev.pqp.stream.groundtruth.PerformanceWindow;
import dev.pqp.topology.store.KeyCodec;
import dev.pqp.topology.store.ValueCodec;
import dev.pqp.window.VersionTotals;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * <p>The fixtures are release 0.1's: the bytes were written by {@link #writeFixtures}
 * ({@code -Dpqp.writeStateFixtures=true}), which writes only the files not kept yet; they are not rewritten by a
 * normal run. Beside the window profile, partials, model state, performance window and join records they hold
 * stage 2's version state (its totals and automatic baseline), the status store's window summary, a finalized
 * window profile (the value of the profile history and of the profiles topic), a reference as
 * {@code pqp baseline --publish} writes it, and the keys of the version, window and time stores
 * ({@link StateFormatSamples}); these were added later from the same code (none of their codecs changed since
 * the first fixtures were written).
 *
 * <p>Forms without a format byte of their own, so that a change must come with a new store or topic name:
 * the keys ({@link VersionKey}, {@link WindowKey}, the expiry index's kind byte, time and id, the UTF-8 string
 * keys), and the 8-byte time values ({@link ValueCodec#LONG}). The join's records carry a type tag, not
 * a format byte.
 */
class StateFormatsTest {
  private static final String DIR = "state-formats/0.1/";

  /** Every kept form and the sample it holds, by file name. */
  private static Map<String, byte[]> current() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("window-profile.bin", ProfileCodec.encode(windowProfile()));
    m.put("profile-partial.bin", StageOneCodec.encode(new StageOne.Partial(1, "v9", 20_000, windowProfile())));
    m.put("profile-tick.bin", StageOneCodec.encode(new StageOne.ModelTick(2, Map.of("v1", 5L), StageOne.NOT_FLUSHED)));
    m.put("model-state.bin", ModelState.CODEC.encode(StateFormatSamples.modelState()));
    m.put("performance-window-3.bin", PerformanceWindow.CODEC.encode(performanceWindow()));
    m.put("join-pending.bin", JoinCodec.encode(pending()));
    m.put("join-label.bin", JoinCodec.encode(new JoinRecords.Label(1_000L, "1", null)));
    m.put("join-counted.bin", JoinCodec.encode(counted()));
    m.put("join-counted-business.bin", JoinCodec.encode(countedWithBusiness()));
    m.put("join-label-outcomes.bin", JoinCodec.encode(labelWithOutcomes()));
    m.put("join-outcome.bin", JoinCodec.encode(new JoinRecords.Joined("fraud", "v2", outcome(0.8, "1"))));
    m.put("join-progress.bin", JoinCodec.encode(new JoinRecords.Progress(3, 1_234_567L)));
    m.put("version-state.bin", VersionState.CODEC.encode(StateFormatSamples.versionState()));
    m.put("window-summary-2.bin", SummaryCodec.encode(StateFormatSamples.windowSummary()));
    m.put("action-episode.bin", EpisodeCodec.CODEC.encode(episode()));
    m.put("comparison-tally-2.bin", TallyCodec.CODEC.encode(tally()));
    m.put("accuracy-actions.bin", AccuracyActionsCodec.CODEC.encode(StateFormatSamples.versionAccuracy()));
    m.put("finalized-profile.bin", ProfileCodec.encode(StateFormatSamples.servedWindow(T0)));
    m.put("reference.bin", ReferenceCodec.encode(StateFormatSamples.reference()));
    m.put("version-key.bin", VersionKey.CODEC.encode(StateFormatSamples.versionKey()));
    m.put("window-key.bin", WindowKey.CODEC.encode(StateFormatSamples.windowKey()));
    m.put("performance-window-key.bin", KeyCodec.STRING.encode(PerformanceAggregator.windowKey(MODEL, VERSION, T0)));
    m.put("time-value.bin", ValueCodec.LONG.encode(T0 + 42));
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
    w.business.add("click", 1.0, 2_500);
    w.business.add("revenue", 42.5, 86_400_000);
    return w;
  }

  private static JoinRecords.Label labelWithOutcomes() {
    return new JoinRecords.Label(1_000L, null, null, Map.of("click", 1.0, "revenue", 42.5));
  }

  /** A window's counts with business outcomes and no labelled outcome. */
  private static JoinRecords.Counted countedWithBusiness() {
    JoinRecords.Counted c = new JoinRecords.Counted("fraud", "v2", 60_000L);
    c.add(true, 0.25);
    c.addBusiness("click", 1.0, 1_500);
    c.addBusiness("click", 1.0, 3_500);
    return c;
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

    StageOne read = StageOneCodec.decode(kept("profile-partial.bin"));
    assertThat(read).isInstanceOf(StageOne.Partial.class);
    StageOne.Partial partial = (StageOne.Partial) read;
    assertThat(new Object[] {partial.source(), partial.version(), partial.windowStart()})
        .containsExactly(1, "v9", 20_000L);
    assertThat(partial.profile().features()).containsOnlyKeys("income", "region", "returning");
    StageOne tick = StageOneCodec.decode(kept("profile-tick.bin"));
    assertThat(tick).isInstanceOf(StageOne.ModelTick.class);
    assertThat(((StageOne.ModelTick) tick).newest()).isEqualTo(Map.of("v1", 5L));

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
    assertThat(w.business.isEmpty()).as("format 2 has no business outcomes").isTrue();
    PerformanceWindow w3 = PerformanceWindow.CODEC.decode(kept("performance-window-3.bin"));
    assertThat(w3.profile.labelled()).isEqualTo(3);
    assertThat(w3.calibration.labelled(8)).isEqualTo(1);
    assertThat(w3.business.figures(4)).containsExactly(
        new dev.pqp.outcome.BusinessOutcomes.Figures("click", 1, 0.25, 1.0, 1.0, 0.0, 2.5, 1.0),
        new dev.pqp.outcome.BusinessOutcomes.Figures("revenue", 1, 0.25, 42.5, 42.5, 0.0, 86_400.0, 42.5 * 42.5));
    assertThat(JoinCodec.decodeLabel(kept("join-label-outcomes.bin"))).isEqualTo(labelWithOutcomes());
    JoinRecords.Counted business = JoinCodec.decodeCounted(kept("join-counted-business.bin"));
    assertThat(business.sampled).isEqualTo(1);
    assertThat(business.business.figures(1).get(0).meanDelaySeconds()).isEqualTo(2.5);

    assertThat(JoinCodec.decodePending(kept("join-pending.bin"))).isEqualTo(pending());
    assertThat(JoinCodec.decodeLabel(kept("join-label.bin"))).isEqualTo(new JoinRecords.Label(1_000L, "1", null));
    JoinRecords.Counted c = JoinCodec.decodeCounted(kept("join-counted.bin"));
    assertThat(new long[] {c.predictions, c.sampled, c.windowStart, c.scoreBuckets[9], c.scoreBuckets[1]})
        .containsExactly(2, 1, 60_000, 1, 1);
    assertThat(JoinCodec.decodeJoined(kept("join-outcome.bin")))
        .isEqualTo(new JoinRecords.Joined("fraud", "v2", outcome(0.8, "1")));
    assertThat(JoinCodec.decodeProgress(kept("join-progress.bin"))).isEqualTo(new JoinRecords.Progress(3, 1_234_567L));
  }

  @Test
  void shouldReadTheVersionStateOfRelease01WithItsTotalsAndBaseline() throws IOException {
    byte[] kept = kept("version-state.bin");
    assertThat(kept[0]).as("format byte").isEqualTo((byte) 3);
    VersionState s = VersionState.CODEC.decode(kept);
    assertThat(s.firstSeenMs).isEqualTo(T0 + 1_000);
    assertThat(new long[] {s.baseline.windows(), s.baseline.start()}).containsExactly(2, T0);
    assertThat(s.baseline.reference(MODEL, VERSION, 3)).as("needs 3 windows").isNull();
    ReferenceProfile auto = s.baseline.reference(MODEL, VERSION, 2);
    assertThat(new Object[] {auto.kind(), auto.id(), auto.profile().predictionCount()})
        .containsExactly(ReferenceKind.AUTO, "auto:2-windows-from-" + T0, 8L);
    assertThat(auto.profile().features()).containsOnlyKeys("income", "region");

    VersionTotals t = s.totals;
    assertThat(t.scoreBuckets()).containsExactly(0, 0, 2, 0, 2, 0, 0, 0, 2, 0, 2);
    assertThat(t.scoreSum()).isCloseTo(4.26, within(1e-9));
    assertThat(t.routes()).containsOnlyKeys("/v1/batch", "/v1/score");
    VersionTotals.Route score = t.routes().get("/v1/score");
    assertThat(score.statuses()).isEqualTo(Map.of("success", 4L, "error", 2L));
    assertThat(score.latencyBuckets()).containsExactly(0, 0, 2, 2, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(score.latencySumSeconds()).isCloseTo(0.464, within(1e-9));
    VersionTotals.Route batch = t.routes().get("/v1/batch");
    assertThat(batch.statuses()).isEqualTo(Map.of("success", 2L));
    assertThat(batch.latencyBuckets()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0);
    assertThat(batch.latencySumSeconds()).isCloseTo(1.9, within(1e-9));
  }

  /** The value of the profile history ({@code stage2-history}), of the profiles topic and of the window stores. */
  @Test
  void shouldReadAFinalizedWindowProfileOfRelease01WithItsPredictionsAndServing() throws IOException {
    byte[] kept = kept("finalized-profile.bin");
    assertThat(kept[0]).as("format byte").isEqualTo((byte) ProfileCodec.VERSION);
    WindowProfile p = ProfileCodec.decode(kept);
    assertThat(new long[] {p.predictionCount(), p.featureLogCount(), p.lateEventCount(), p.firstEventMs(),
        p.lastEventMs()}).containsExactly(4, 0, 0, T0 + 1_000, T0 + 55_000);
    assertThat(p.features()).containsOnlyKeys("income", "region");
    NumericProfile income = (NumericProfile) p.features().get("income");
    assertThat(new double[] {income.moments().count(), income.moments().min(), income.moments().max()})
        .containsExactly(4, 48_100, 75_400);
    assertThat(((CategoricalProfile) p.features().get("region")).exactCounts())
        .isEqualTo(Map.of("north", 2L, "south", 1L, "west", 1L));
    assertThat(p.eventLagSeconds().getN()).isEqualTo(4);
    assertThat(p.eventLagSeconds().getQuantile(0.5)).isEqualTo(2.0);

    var mix = p.predictionMix();
    assertThat(mix.scoreHistogram()).containsExactly(0, 1, 0, 1, 0, 0, 0, 1, 0, 1);
    assertThat(mix.leBuckets()).containsExactly(0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1);
    assertThat(mix.scoreSum()).isCloseTo(2.13, within(1e-9));
    assertThat(mix.predictedClasses().exactCounts()).isEqualTo(Map.of("ok", 2L, "fraud", 2L));
    assertThat(mix.meanProbabilities()).isEqualTo(Map.of("fraud", 0.72, "ok", 0.28));

    Map<String, RequestStats> routes = p.servingHealth().byRoute();
    assertThat(routes).containsOnlyKeys("/v1/batch", "/v1/score");
    assertThat(routes.get("/v1/score").statuses()).isEqualTo(Map.of("success", 2L, "error", 1L));
    assertThat(routes.get("/v1/score").latencyBuckets()).containsExactly(0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(routes.get("/v1/score").latencySumSeconds()).isCloseTo(0.232, within(1e-9));
    assertThat(routes.get("/v1/batch").statuses()).isEqualTo(Map.of("success", 1L));
    assertThat(routes.get("/v1/batch").latencySumSeconds()).isCloseTo(0.95, within(1e-9));
    assertThat(p.servingHealth().latencyMs().getN()).isEqualTo(4);
  }

  /** The value of the reference topic (and of every instance's reference store), as {@code pqp baseline} publishes it. */
  @Test
  void shouldReadAReferenceOfRelease01() throws IOException {
    byte[] kept = kept("reference.bin");
    assertThat(kept[0]).as("format byte").isEqualTo(ReferenceCodec.VERSION);
    ReferenceProfile r = ReferenceCodec.decode(kept);
    assertThat(new Object[] {r.id(), r.kind(), r.modelName(), r.modelVersion(), r.createdMs()}).containsExactly(
        "claims-train.csv@2024-04-30T12:00:00Z", ReferenceKind.TRAINING, MODEL, VERSION, T0 - 12 * 60 * MINUTE);
    WindowProfile p = r.profile();
    assertThat(p.config().kllK()).isEqualTo(dev.pqp.reference.ReferenceBuilder.REFERENCE_KLL_K);
    assertThat(p.features()).containsOnlyKeys("income", "region", "returning");
    NumericProfile income = (NumericProfile) p.features().get("income");
    assertThat(new double[] {income.moments().count(), income.moments().min(), income.moments().max()})
        .containsExactly(6, 47_250, 80_000);
    assertThat(((CategoricalProfile) p.features().get("region")).exactCounts())
        .isEqualTo(Map.of("north", 3L, "south", 2L, "east", 1L));
    assertThat(p.features().get("returning").total()).isEqualTo(6);
    assertThat(p.predictionMix().scoreHistogram()).containsExactly(0, 1, 1, 1, 1, 0, 1, 0, 0, 1);
    assertThat(p.predictionMix().scoreSum()).isCloseTo(2.5, within(1e-9));
  }

  /** The value of the status store ({@code stage2-status}): a format byte, then JSON. */
  @Test
  void shouldReadAWindowSummaryOfRelease01() throws IOException {
    byte[] kept = kept("window-summary.bin");
    assertThat(kept[0]).as("format byte").isEqualTo((byte) 1);
    WindowSummary s = SummaryCodec.decode(kept);
    assertThat(new Object[] {s.model(), s.version(), s.windowStart(), s.windowEnd(), s.referenceKind(), s.events(),
        s.driftShare(), s.datasetDrift()}).containsExactly(MODEL, VERSION, T0, T0 + MINUTE, "training", 120L, 0.5, true);
    assertThat(s.features()).containsExactly(new WindowSummary.Feature("income", 0.734, 0.2, true, 0.0, null, 1),
        new WindowSummary.Feature("region", null, 0.2, false, 0.25, null, 1));
    assertThat(new Object[] {s.mix().scoreP50(), s.mix().positiveRate()}).containsExactly(0.45, 0.3);
    assertThat(s.mix().classRatios()).containsExactly(Map.entry("ok", 0.5), Map.entry("fraud", 0.3),
        Map.entry("review", 0.2));
    assertThat(s.serving()).isEqualTo(new WindowSummary.Serving(118, 0.025, 412.5));
  }

  @Test
  void shouldReadTheStoreKeysAndTimesOfRelease01() throws IOException {
    byte[] version = kept("version-key.bin");
    assertThat(version).isEqualTo("claims-risk\0v2".getBytes(StandardCharsets.UTF_8));
    assertThat(VersionKey.CODEC.decode(version)).isEqualTo(new VersionKey(MODEL, VERSION));
    WindowKey window = WindowKey.CODEC.decode(kept("window-key.bin"));
    assertThat(new Object[] {window.version().model(), window.version().version(), window.start()})
        .containsExactly(MODEL, "*", T0 + 5 * MINUTE);

    assertThat(KeyCodec.STRING.decode(kept("performance-window-key.bin"))).isEqualTo("claims-risk/v2/" + T0);
    assertThat(ValueCodec.LONG.decode(kept("time-value.bin"))).isEqualTo(T0 + 42);
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

  /** An open retraining episode with one window of a streak towards clearing it. */
  private static Episode episode() {
    return Episode.of(T0 + 5 * MINUTE, T0 + 2 * MINUTE, List.of(new WindowEvidence(T0 + 5 * MINUTE, T0 + 6 * MINUTE,
        0.0, Map.of())));
  }

  /** v1 with one settled window folded into its totals and one still open; v2 with one open window. */
  private static ModelTally tally() {
    ModelTally t = new ModelTally();
    t.update("v1", T0, 100, 80, 10 * MINUTE);
    t.update("v1", T0 + 20 * MINUTE, 50, 45, 10 * MINUTE);
    t.update("v2", T0 + 20 * MINUTE, 40, 30, 10 * MINUTE);
    return t;
  }

  /** The value of the comparison store ({@code comparison-tallies}). */
  @Test
  void shouldReadAComparisonTally() throws IOException {
    ModelTally t = TallyCodec.CODEC.decode(kept("comparison-tally.bin"));
    assertThat(t.accuracy("v1")).isEqualTo(dev.pqp.comparison.Moments.bernoulli(150, 125));
    assertThat(t.accuracy("v2")).isEqualTo(dev.pqp.comparison.Moments.bernoulli(40, 30));
    t.update("v1", T0 + 20 * MINUTE, 60, 50, 10 * MINUTE); // the open window grows
    t.update("v1", T0, 200, 100, 10 * MINUTE); // the folded one is settled
    assertThat(t.accuracy("v1")).isEqualTo(dev.pqp.comparison.Moments.bernoulli(160, 130));
    ModelTally t2 = TallyCodec.CODEC.decode(kept("comparison-tally-2.bin"));
    assertThat(t2.parts()).as("format 2 holds the same").isEqualTo(TallyCodec.CODEC.decode(kept("comparison-tally.bin")).parts());
  }

  /** The value of the actions store ({@code actions-episodes}). */
  @Test
  void shouldReadAnActionEpisode() throws IOException {
    Episode e = EpisodeCodec.CODEC.decode(kept("action-episode.bin"));
    assertThat(e.open()).isTrue();
    assertThat(new long[] {e.lastWindowStart(), e.openSince()}).containsExactly(T0 + 5 * MINUTE, T0 + 2 * MINUTE);
    assertThat(e.streak()).isEqualTo(episode().streak());
  }

  /** The value of the performance aggregation's actions store ({@code performance-actions}). */
  @Test
  void shouldReadAVersionsAccuracyDropState() throws IOException {
    var v = AccuracyActionsCodec.CODEC.decode(kept("accuracy-actions.bin"));
    var expected = StateFormatSamples.versionAccuracy();
    assertThat(v.baselineCounts()).containsExactly(T0, 200, 180, T0 + 30_000);
    assertThat(v.realizedEpisode().streak()).hasSize(2).isEqualTo(expected.realizedEpisode().streak());
    assertThat(v.baselineCalibration().labelled(8)).isEqualTo(2);
    assertThat(v.baselineCalibration().positives(8)).isEqualTo(1);
    assertThat(v.open(dev.pqp.action.AccuracyDropRule.REALIZED)).isFalse();
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
