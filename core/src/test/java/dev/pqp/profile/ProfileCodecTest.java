package dev.pqp.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.event.Prediction;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;

class ProfileCodecTest {
  private static final double[] RANKS = {0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1};

  private static WindowProfile profile(Prediction[] events, ProfileConfig config) {
    WindowProfile w = new WindowProfile(config);
    for (int i = 0; i < events.length; i++) {
      w.add(events[i], TestEvents.processingTime(events[i]), FeatureBounds.NONE, i % 50 == 0);
    }
    return w;
  }

  private static void assertSameQuantiles(KllDoublesSketch a, KllDoublesSketch b) {
    assertThat(b.getN()).isEqualTo(a.getN());
    if (!a.isEmpty()) {
      for (double q : RANKS) {
        assertThat(b.getQuantile(q)).isEqualTo(a.getQuantile(q));
      }
    }
  }

  @Test
  void shouldRoundTripANumericProfile() {
    NumericProfile p = new NumericProfile(100);
    new SplittableRandom(1).doubles(50_000).forEach(v -> p.update(v, v > 0.9));
    p.addMissing(3);
    p.addInvalid(4);
    NumericProfile back = (NumericProfile) ProfileCodec.decodeFeature(ProfileCodec.encodeFeature(p));

    assertThat(new long[] {back.count(), back.missing(), back.invalid(), back.outOfRange()})
        .containsExactly(p.count(), 3, 4, p.outOfRange());
    assertThat(back.moments().mean()).isEqualTo(p.moments().mean());
    assertThat(back.moments().m2()).isEqualTo(p.moments().m2());
    assertThat(back.moments().min()).isEqualTo(p.moments().min());
    assertThat(back.moments().max()).isEqualTo(p.moments().max());
    assertSameQuantiles(p.sketch(), back.sketch());
    assertThat(back.sketch().getK()).isEqualTo(100);
  }

  @Test
  void shouldRoundTripACategoricalProfileWithATail() {
    CategoricalProfile p = new CategoricalProfile(FeatureKind.CATEGORICAL, 50, 64);
    SplittableRandom r = new SplittableRandom(2);
    for (int i = 0; i < 20_000; i++) {
      p.update("k" + (int) Math.abs(r.nextGaussian() * 200) + "é", i % 7 == 0);
    }
    p.addMissing(5);
    CategoricalProfile back = (CategoricalProfile) ProfileCodec.decodeFeature(ProfileCodec.encodeFeature(p));

    assertThat(back.kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(back.exactCounts()).isEqualTo(p.exactCounts()).hasSize(50);
    assertThat(back.count()).isEqualTo(20_000);
    assertThat(back.tailCount()).isEqualTo(p.tailCount()).isPositive();
    assertThat(back.tail().getMaximumError()).isEqualTo(p.tail().getMaximumError());
    assertThat(back.count("k300é")).isEqualTo(p.count("k300é"));
    assertThat(new long[] {back.missing(), back.unseenInReference()}).containsExactly(5, p.unseenInReference());
    // the cap travels with the bytes: a new category still goes to the tail
    back.update("brand-new", false);
    assertThat(back.exactCounts()).doesNotContainKey("brand-new");
  }

  @Test
  void shouldRoundTripABooleanProfile() {
    CategoricalProfile p = new CategoricalProfile(FeatureKind.BOOLEAN, 1_000, 1_024);
    p.add("b", true, FeatureBounds.NONE);
    p.add("b", false, FeatureBounds.NONE);
    p.add("b", 1.0, FeatureBounds.NONE);
    CategoricalProfile back = (CategoricalProfile) ProfileCodec.decodeFeature(ProfileCodec.encodeFeature(p));
    assertThat(back.kind()).isEqualTo(FeatureKind.BOOLEAN);
    assertThat(back.exactCounts()).isEqualTo(p.exactCounts());
    assertThat(back.invalid()).isEqualTo(1);
    assertThat(back.tail()).isNull();
  }

  @Test
  void shouldRoundTripAFullWindowProfile() {
    WindowProfile p = profile(TestEvents.predictions(3, 5_000, 5, 2), ProfileConfig.DEFAULT.withKllK(64));
    p.addFeature("only-null", null, FeatureBounds.NONE);
    byte[] bytes = ProfileCodec.encode(p);
    WindowProfile back = ProfileCodec.decode(bytes);

    assertThat(bytes[0]).isEqualTo((byte) ProfileCodec.VERSION);
    assertThat(back.config()).isEqualTo(p.config());
    assertThat(new long[] {back.predictionCount(), back.featureLogCount(), back.lateEventCount(),
        back.overflowFeatures(), back.firstEventMs(), back.lastEventMs()})
        .containsExactly(p.predictionCount(), p.featureLogCount(), p.lateEventCount(), p.overflowFeatures(),
            p.firstEventMs(), p.lastEventMs());
    assertThat(back.untypedFeatures()).isEqualTo(p.untypedFeatures()).hasSize(1);
    assertThat(back.features().keySet()).isEqualTo(p.features().keySet()).hasSize(8);
    p.features().forEach((name, f) -> {
      FeatureProfile g = back.features().get(name);
      assertThat(new long[] {g.count(), g.missing(), g.invalid()}).containsExactly(f.count(), f.missing(), f.invalid());
      if (f instanceof NumericProfile n) {
        assertThat(((NumericProfile) g).moments().m2()).isEqualTo(n.moments().m2());
        assertSameQuantiles(n.sketch(), ((NumericProfile) g).sketch());
      }
    });
    assertSameQuantiles(p.predictionMix().scores(), back.predictionMix().scores());
    assertSameQuantiles(p.predictionMix().regressionValues(), back.predictionMix().regressionValues());
    assertSameQuantiles(p.servingHealth().latencyMs(), back.servingHealth().latencyMs());
    assertSameQuantiles(p.eventLagSeconds(), back.eventLagSeconds());
    assertThat(back.predictionMix().scoreHistogram()).containsExactly(p.predictionMix().scoreHistogram());
    assertThat(back.servingHealth().statuses().exactCounts()).isEqualTo(p.servingHealth().statuses().exactCounts());
    // format 3: exact serving counts per route, score sum and inclusive-bound buckets, class probabilities
    assertThat(back.predictionMix().scoreSum()).isEqualTo(p.predictionMix().scoreSum());
    assertThat(back.predictionMix().leBuckets()).containsExactly(p.predictionMix().leBuckets());
    assertThat(back.predictionMix().meanProbabilities()).isEqualTo(p.predictionMix().meanProbabilities());
    assertThat(back.servingHealth().byRoute().keySet()).isEqualTo(p.servingHealth().byRoute().keySet()).isNotEmpty();
    p.servingHealth().byRoute().forEach((route, r) -> {
      RequestStats b = back.servingHealth().byRoute().get(route);
      assertThat(b.statuses()).isEqualTo(r.statuses());
      assertThat(b.latencyBuckets()).containsExactly(r.latencyBuckets());
      assertThat(b.latencySumSeconds()).isEqualTo(r.latencySumSeconds());
    });
    assertThat(back.servingHealth().pooled()).isEqualTo(p.servingHealth().pooled());
    // the decoded profile re-encodes to as many bytes; not the very same ones, because KLL's heapify
    // sorts level 0 and flags it, which changes the sketch bytes but no quantile
    assertThat(ProfileCodec.encode(back)).hasSameSizeAs(bytes);
  }

  @Test
  void shouldReadFormatTwoWithoutTheFieldsFormatThreeAdded() {
    WindowProfile p = profile(TestEvents.predictions(5, 500, 3, 1), ProfileConfig.DEFAULT);
    // format 2 is format 3 without the block format 3 appends at the end
    byte[] v2 = java.util.Arrays.copyOf(ProfileCodec.encode(p), format2Length(p));
    v2[0] = 2;
    WindowProfile back = ProfileCodec.decode(v2);
    assertThat(back.eventCount()).isEqualTo(p.eventCount());
    assertThat(back.predictionMix().scoreHistogram()).containsExactly(p.predictionMix().scoreHistogram());
    assertThat(back.predictionMix().scoreSum()).isZero();
    assertThat(back.servingHealth().byRoute()).isEmpty();
    assertThat(v2.length).isLessThan(ProfileCodec.encode(p).length);
  }

  /** The length of p's encoding without format 3's appended block (the block's own size, measured on p). */
  private static int format2Length(WindowProfile p) {
    byte[] full = ProfileCodec.encode(p);
    for (int n = full.length - 1; n > 0; n--) {
      byte[] cut = java.util.Arrays.copyOf(full, n);
      cut[0] = 2;
      try {
        ProfileCodec.decode(cut);
        return n;
      } catch (ProfileFormatException e) {
        // not yet the end of the format-2 part
      }
    }
    throw new AssertionError("no format-2 prefix decodes");
  }

  @Test
  void shouldRoundTripAnEmptyWindowProfile() {
    WindowProfile back = ProfileCodec.decode(ProfileCodec.encode(new WindowProfile(ProfileConfig.DEFAULT)));
    assertThat(back.eventCount()).isZero();
    assertThat(back.firstEventMs()).isEqualTo(WindowProfile.NO_TIME);
    assertThat(back.eventLagSeconds().isEmpty()).isTrue();
  }

  @Test
  void shouldEncodeTwentyFeaturesOfTenThousandEventsCompactly() {
    WindowProfile p = profile(TestEvents.predictions(4, 10_000, 16, 3), ProfileConfig.DEFAULT);
    byte[] bytes = ProfileCodec.encode(p);
    System.out.printf("encoded WindowProfile, 20 features x 10,000 events, k=200: %,d bytes%n", bytes.length);

    assertThat(p.features()).hasSize(20);
    // dominated by the 20 KLL sketches (16 features, score, latency, regression, lag) of a few KB each
    assertThat(bytes.length).isBetween(20_000, 200_000);
  }

  @Test
  void shouldRejectAnUnknownVersion() {
    byte[] bytes = ProfileCodec.encode(new WindowProfile(ProfileConfig.DEFAULT));
    bytes[0] = 9;
    assertThatThrownBy(() -> ProfileCodec.decode(bytes))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("unknown window profile format version 9");
    assertThatThrownBy(() -> ProfileCodec.decode(new byte[0]))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("no format version");
  }

  @Test
  void shouldRejectEveryTruncationAndTrailingBytes() {
    byte[] bytes = ProfileCodec.encode(profile(TestEvents.predictions(5, 300, 3, 1), ProfileConfig.DEFAULT));
    for (int len = 1; len < bytes.length; len += 1 + len / 50) {
      byte[] cut = Arrays.copyOf(bytes, len);
      assertThatThrownBy(() -> ProfileCodec.decode(cut)).as("length %d", len)
          .isInstanceOf(ProfileFormatException.class);
    }
    assertThatThrownBy(() -> ProfileCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("truncated");
    assertThatThrownBy(() -> ProfileCodec.decode(Arrays.copyOf(bytes, bytes.length + 3)))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("3 trailing bytes");
  }
}
