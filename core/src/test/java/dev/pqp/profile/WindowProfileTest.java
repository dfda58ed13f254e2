package dev.pqp.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;
import org.junit.jupiter.api.Test;

class WindowProfileTest {

  private static WindowProfile profile(Prediction[] events, int from, int to) {
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT);
    for (int i = from; i < to; i++) {
      w.add(events[i], TestEvents.processingTime(events[i]), FeatureBounds.NONE, i % 97 == 0);
    }
    return w;
  }

  private static Prediction prediction(Map<String, Object> features) {
    return new Prediction("p", "m", "1", TestEvents.T0, features, new Output(0.5, null, null, null), null, null,
        null, null);
  }

  @Test
  void shouldMergePartialsIntoTheProfileOfTheConcatenatedStream() {
    Prediction[] events = TestEvents.predictions(11, 20_000, 6, 3);
    WindowProfile whole = profile(events, 0, events.length);
    WindowProfile merged = new WindowProfile(ProfileConfig.DEFAULT);
    SplittableRandom r = new SplittableRandom(12);
    for (int from = 0; from < events.length; ) {
      int to = Math.min(events.length, from + r.nextInt(1, 3_000));
      merged.merge(profile(events, from, to));
      from = to;
    }

    assertThat(merged.eventCount()).isEqualTo(whole.eventCount()).isEqualTo(20_000);
    assertThat(merged.lateEventCount()).isEqualTo(whole.lateEventCount()).isEqualTo(207);
    assertThat(merged.firstEventMs()).isEqualTo(whole.firstEventMs());
    assertThat(merged.lastEventMs()).isEqualTo(whole.lastEventMs());
    assertThat(merged.features().keySet()).isEqualTo(whole.features().keySet()).hasSize(10);
    whole.features().forEach((name, w) -> {
      FeatureProfile m = merged.features().get(name);
      assertThat(m.kind()).as(name).isEqualTo(w.kind());
      assertThat(new long[] {m.count(), m.missing(), m.invalid()}).as(name)
          .containsExactly(w.count(), w.missing(), w.invalid());
      if (w instanceof NumericProfile wn) {
        Moments wm = wn.moments();
        Moments mm = ((NumericProfile) m).moments();
        assertThat(mm.mean()).as(name).isCloseTo(wm.mean(), within(1e-9 * Math.max(1, Math.abs(wm.mean()))));
        assertThat(mm.m2()).as(name).isCloseTo(wm.m2(), withinPercentage(1e-7));
        assertThat(mm.min()).isEqualTo(wm.min());
        assertThat(mm.max()).isEqualTo(wm.max());
        double eps = wn.normalizedRankError();
        // both sketches are within eps of the true ranks, so within 2 eps of each other; the rank of a
        // value is an interval [rank(< v), rank(<= v)] when values tie (the Long features)
        double median = ((NumericProfile) m).quantile(0.5);
        assertThat(wn.sketch().getRank(median, QuantileSearchCriteria.EXCLUSIVE)).as(name).isLessThanOrEqualTo(0.5 + 2 * eps);
        assertThat(wn.sketch().getRank(median, QuantileSearchCriteria.INCLUSIVE)).as(name).isGreaterThanOrEqualTo(0.5 - 2 * eps);
      } else {
        assertThat(((CategoricalProfile) m).exactCounts()).as(name).isEqualTo(((CategoricalProfile) w).exactCounts());
      }
    });
    PredictionMix wm = whole.predictionMix();
    PredictionMix mm = merged.predictionMix();
    assertThat(mm.scoreHistogram()).containsExactly(wm.scoreHistogram());
    assertThat(mm.scores().getN()).isEqualTo(wm.scores().getN());
    assertThat(mm.regressionValues().getN()).isEqualTo(wm.regressionValues().getN());
    assertThat(mm.predictedClasses().exactCounts()).isEqualTo(wm.predictedClasses().exactCounts());
    assertThat(merged.servingHealth().statuses().exactCounts()).isEqualTo(whole.servingHealth().statuses().exactCounts());
    assertThat(merged.servingHealth().routes().exactCounts()).isEqualTo(whole.servingHealth().routes().exactCounts());
    assertThat(merged.servingHealth().latencyMs().getN()).isEqualTo(whole.servingHealth().latencyMs().getN());
    assertThat(merged.eventLagSeconds().getN()).isEqualTo(20_000);
  }

  @Test
  void shouldCountThePredictionMix() {
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT);
    double[] scores = {0.0, 0.05, 0.1, 0.35, 0.99, 1.0, 1.5, Double.NaN};
    for (double s : scores) {
      w.add(new Prediction("p", "m", "1", TestEvents.T0, null, new Output(s, "x", null, null), 12.0, "success",
          null, null), TestEvents.T0 + 2_000, FeatureBounds.NONE);
    }
    w.add(new Prediction("p", "m", "1", TestEvents.T0, null, new Output(null, null, Map.of("a", 0.1, "b", 0.9), 3.0),
        -1.0, null, "r", null), TestEvents.T0, FeatureBounds.NONE);

    PredictionMix mix = w.predictionMix();
    assertThat(mix.scoreHistogram()).containsExactly(2, 1, 0, 1, 0, 0, 0, 0, 0, 2);
    assertThat(mix.invalid()).isEqualTo(2);
    assertThat(mix.predictedClasses().exactCounts()).containsOnly(Map.entry("x", 8L), Map.entry("b", 1L));
    assertThat(mix.regressionValues().getN()).isEqualTo(1);
    assertThat(w.servingHealth().statuses().exactCounts()).containsOnly(Map.entry("success", 8L));
    assertThat(w.servingHealth().statuses().missing()).isEqualTo(1);
    assertThat(w.servingHealth().routes().missing()).isEqualTo(8);
    assertThat(w.servingHealth().invalidLatency()).isEqualTo(1);
    assertThat(w.eventLagSeconds().getMaxItem()).isEqualTo(2.0);
  }

  @Test
  void shouldStoreAtMostMaxFeaturesAndCountTheOverflow() {
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT.withMaxFeatures(3));
    for (int i = 0; i < 10; i++) {
      Map<String, Object> f = new HashMap<>();
      for (int j = 0; j < 5; j++) {
        f.put("f" + j, (double) i);
      }
      w.add(TestEvents.featureLog(TestEvents.T0, f), TestEvents.T0, FeatureBounds.NONE);
    }

    assertThat(w.features()).hasSize(3);
    assertThat(w.overflowFeatures()).isEqualTo(20);
    assertThat(w.featureLogCount()).isEqualTo(10);

    WindowProfile other = new WindowProfile(ProfileConfig.DEFAULT);
    other.addFeature("new", 1.0, FeatureBounds.NONE);
    other.addFeature("new", 2.0, FeatureBounds.NONE);
    w.merge(other);
    assertThat(w.features()).hasSize(3).doesNotContainKey("new");
    assertThat(w.overflowFeatures()).isEqualTo(22);
  }

  @Test
  void shouldFixTheKindByTheFirstNonNullValueAndCountLaterKindsInvalid() {
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT);
    w.add(prediction(mapOf("x", null)), TestEvents.T0, FeatureBounds.NONE);
    w.add(prediction(mapOf("x", null)), TestEvents.T0, FeatureBounds.NONE);
    assertThat(w.untypedFeatures()).containsOnly(Map.entry("x", 2L));
    w.add(prediction(mapOf("x", "red")), TestEvents.T0, FeatureBounds.NONE);
    w.add(prediction(mapOf("x", 3.0)), TestEvents.T0, FeatureBounds.NONE);
    w.add(prediction(mapOf("x", true)), TestEvents.T0, FeatureBounds.NONE);

    FeatureProfile x = w.features().get("x");
    assertThat(w.untypedFeatures()).isEmpty();
    assertThat(x.kind()).isEqualTo(FeatureKind.CATEGORICAL);
    assertThat(new long[] {x.count(), x.missing(), x.invalid()}).containsExactly(1, 2, 2);
  }

  @Test
  void shouldCountAPartialOfAnotherKindAsInvalidOnMerge() {
    WindowProfile numeric = new WindowProfile(ProfileConfig.DEFAULT);
    numeric.addFeature("x", 1.0, FeatureBounds.NONE);
    WindowProfile categorical = new WindowProfile(ProfileConfig.DEFAULT);
    categorical.addFeature("x", "a", FeatureBounds.NONE);
    categorical.addFeature("x", "b", FeatureBounds.NONE);
    categorical.addFeature("x", null, FeatureBounds.NONE);
    categorical.addFeature("x", 2.0, FeatureBounds.NONE);
    numeric.merge(categorical);

    FeatureProfile x = numeric.features().get("x");
    assertThat(x.kind()).isEqualTo(FeatureKind.NUMERIC);
    assertThat(new long[] {x.count(), x.missing(), x.invalid()}).containsExactly(1, 1, 3);
  }

  @Test
  void shouldAskTheBoundsAboutRangeAndUnseenCategories() {
    FeatureBounds bounds = new FeatureBounds() {
      @Override
      public boolean outOfRange(String feature, double value) {
        return feature.equals("n") && value > 5;
      }

      @Override
      public boolean unseen(String feature, String category) {
        return !category.equals("known");
      }
    };
    WindowProfile w = new WindowProfile(ProfileConfig.DEFAULT);
    for (Object v : new Object[] {1.0, 6.0, 7L}) {
      w.addFeature("n", v, bounds);
    }
    for (Object v : new Object[] {"known", "new", true}) {
      w.addFeature("c", v, bounds);
    }
    assertThat(((NumericProfile) w.features().get("n")).outOfRange()).isEqualTo(2);
    assertThat(((CategoricalProfile) w.features().get("c")).unseenInReference()).isEqualTo(1);
    assertThat(w.features().get("c").invalid()).isEqualTo(1);
  }

  private static Map<String, Object> mapOf(String k, Object v) {
    Map<String, Object> m = new HashMap<>();
    m.put(k, v);
    return m;
  }
}
