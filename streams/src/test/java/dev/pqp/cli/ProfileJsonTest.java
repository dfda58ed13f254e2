package dev.pqp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.compare.ProfileCatalog;
import dev.pqp.compare.SelectedWindow;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.Output;
import dev.pqp.event.Prediction;
import dev.pqp.profile.FeatureBounds;
import dev.pqp.profile.ProfileCodec;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.WindowProfile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code pqp profile}'s JSON of a window profile as the profiles topic holds it, against figures computed on the
 * raw values the profile was built from: counts, moments and category counts exactly, quantiles within the KLL
 * sketch's documented rank error.
 */
class ProfileJsonTest {
  private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final int N = 1_000;
  /** KLL's single-sided normalized rank error at k = 200, as DataSketches documents it (99 % confidence). */
  private static final double RANK_ERROR = 0.0133;
  /** Two categories counted exactly, so that the third, "c", is pooled in the tail. */
  private static final ProfileConfig CONFIG = ProfileConfig.DEFAULT.withCategoryCap(2);

  /** Reference answers: income above 900 is out of range, segment "c" unseen, income binned at 250, 500, 750. */
  private static final FeatureBounds BOUNDS = new FeatureBounds() {
    @Override
    public boolean outOfRange(String feature, double value) {
      return feature.equals("income") && value > 900;
    }

    @Override
    public boolean unseen(String feature, String category) {
      return feature.equals("segment") && category.equals("c");
    }

    @Override
    public double[] binEdges(String feature) {
      return feature.equals("income") ? new double[] {250, 500, 750} : null;
    }
  };

  // the raw values of prediction i: income i + 1, a score in each tenth of [0, 1] 100 times, a distinct latency
  private static final double[] INCOME = new double[N];
  private static final double[] SCORE = new double[N];
  private static final double[] LATENCY = new double[N];

  static {
    for (int i = 0; i < N; i++) {
      INCOME[i] = i + 1;
      SCORE[i] = (i + 0.5) / N;
      LATENCY[i] = (i * 37) % N + 0.5; // 0.5 ... 999.5 ms, each once, in no order
    }
  }

  /**
   * 1,000 predictions (income 1..1000; segment a 500, b 300, c 200; flag true every fourth; label yes for the upper
   * half of the scores; route main for even i, shadow for odd with every tenth an error), then five feature logs
   * with income null three times and a string twice, "note" always null, the last two late; every event 2 s old.
   */
  static WindowProfile profile() {
    WindowProfile p = new WindowProfile(CONFIG);
    for (int i = 0; i < N; i++) {
      String segment = i < 500 ? "a" : i < 800 ? "b" : "c";
      Map<String, Object> f = Map.of("income", INCOME[i], "segment", segment, "flag", i % 4 == 0);
      Output out = new Output(SCORE[i], SCORE[i] >= 0.5 ? "yes" : "no", null, null);
      p.add(new Prediction("p" + i, "claims", "v1", T0 + i, f, out, LATENCY[i], i % 10 == 9 ? "error" : "success",
          i % 2 == 0 ? "main" : "shadow", null), T0 + i + 2_000, BOUNDS);
    }
    for (int i = 0; i < 5; i++) {
      Map<String, Object> f = new HashMap<>();
      f.put("income", i < 3 ? null : "n/a");
      f.put("note", null);
      p.add(new FeatureLog("claims", "v1", null, T0 + N + i, f), T0 + N + i + 2_000, BOUNDS, i >= 3);
    }
    return p;
  }

  /** The profile encoded as stage 2 publishes it, found on the topic and printed as {@code pqp profile} does. */
  private static JsonNode printed() throws Exception {
    byte[] onTopic = ProfileCodec.encode(profile());
    ProfileCatalog topic = new ProfileCatalog("ml.quality.profiles", Map.of(ProfileCatalog.key("claims", "v1", T0), onTopic));
    SelectedWindow w = topic.select("claims", "v1", T0 + 60_000);
    String line = ProfileJson.line(w);
    assertThat(line).doesNotContain("\n").doesNotContain("NaN");
    return new ObjectMapper().readTree(line);
  }

  @Test
  void shouldPrintTheWindowAndItsEventCounts() throws Exception {
    JsonNode j = printed();

    assertThat(j.get("model").asText()).isEqualTo("claims");
    assertThat(j.get("version").asText()).isEqualTo("v1");
    assertThat(j.get("window_start").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(j.get("window_start_ms").asLong()).isEqualTo(T0);
    assertThat(j.get("window_end_ms").asLong()).as("just after the last event of the latest window").isEqualTo(T0 + N + 5);
    assertThat(j.get("latest").asBoolean()).isTrue();
    assertThat(j.get("first_event_ms").asLong()).isEqualTo(T0);
    assertThat(j.get("last_event_ms").asLong()).isEqualTo(T0 + N + 4);
    assertThat(j.get("events").asLong()).isEqualTo(1_005);
    assertThat(j.get("predictions").asLong()).isEqualTo(1_000);
    assertThat(j.get("feature_logs").asLong()).isEqualTo(5);
    assertThat(j.get("late_events").asLong()).isEqualTo(2);
    assertThat(j.get("dropped_feature_values").asLong()).isZero();
    assertThat(j.get("limits").get("kll_k").asInt()).isEqualTo(200);
    assertThat(j.get("limits").get("category_cap").asInt()).isEqualTo(2);
    assertThat(names(j.get("features"))).containsExactly("flag", "income", "segment");
    assertThat(j.get("untyped_features").get("note").asLong()).isEqualTo(5);
    JsonNode lag = j.get("event_lag_seconds");
    assertThat(lag.get("count").asLong()).isEqualTo(1_005);
    assertThat(lag.get("min").asDouble()).isEqualTo(2.0);
    assertThat(lag.get("quantiles").get("p50").asDouble()).isEqualTo(2.0);
  }

  @Test
  void shouldPrintANumericFeatureWithItsExactMomentsAndQuantilesWithinTheRankError() throws Exception {
    JsonNode income = printed().get("features").get("income");
    double mean = Arrays.stream(INCOME).sum() / N;
    double variance = Arrays.stream(INCOME).map(v -> (v - mean) * (v - mean)).sum() / (N - 1);

    assertThat(income.get("kind").asText()).isEqualTo("numeric");
    assertThat(income.get("count").asLong()).isEqualTo(1_000);
    assertThat(income.get("missing").asLong()).isEqualTo(3);
    assertThat(income.get("invalid").asLong()).isEqualTo(2);
    assertThat(income.get("out_of_range").asLong()).isEqualTo(100);
    assertThat(income.get("mean").asDouble()).isCloseTo(500.5, within(1e-9)).isCloseTo(mean, within(1e-9));
    assertThat(income.get("variance").asDouble()).isCloseTo(variance, within(1e-6));
    assertThat(income.get("stddev").asDouble()).isCloseTo(Math.sqrt(variance), within(1e-9));
    assertThat(income.get("min").asDouble()).isEqualTo(1.0);
    assertThat(income.get("max").asDouble()).isEqualTo(1_000.0);
    assertThat(income.get("rank_error").asDouble()).isCloseTo(RANK_ERROR, within(1e-4));
    assertWithinRankError(income.get("quantiles"), INCOME);
    assertThat(income.get("reference_bins").get("edges")).extracting(JsonNode::asDouble).containsExactly(250.0, 500.0, 750.0);
    assertThat(income.get("reference_bins").get("counts")).extracting(JsonNode::asLong).containsExactly(250L, 250L, 250L, 250L);
  }

  @Test
  void shouldPrintTheCategoryCountsItKeepsAndTheTailPooled() throws Exception {
    JsonNode features = printed().get("features");
    JsonNode segment = features.get("segment");
    JsonNode flag = features.get("flag");

    assertThat(segment.get("kind").asText()).isEqualTo("categorical");
    assertThat(segment.get("count").asLong()).isEqualTo(1_000);
    assertThat(segment.get("missing").asLong()).isZero();
    assertThat(segment.get("unseen_in_reference").asLong()).isEqualTo(200);
    assertThat(names(segment.get("categories"))).containsExactly("a", "b");
    assertThat(segment.get("categories").get("a").asLong()).isEqualTo(500);
    assertThat(segment.get("categories").get("b").asLong()).isEqualTo(300);
    JsonNode tail = segment.get("tail");
    assertThat(tail.get("count").asLong()).isEqualTo(200);
    assertThat(tail.get("frequent")).hasSize(1);
    JsonNode c = tail.get("frequent").get(0);
    assertThat(c.get("category").asText()).isEqualTo("c");
    assertThat(List.of(c.get("estimate").asLong(), c.get("lower_bound").asLong(), c.get("upper_bound").asLong()))
        .containsExactly(200L, 200L, 200L);
    assertThat(flag.get("kind").asText()).isEqualTo("boolean");
    assertThat(names(flag.get("categories"))).containsExactly("false", "true");
    assertThat(flag.get("categories").get("false").asLong()).isEqualTo(750);
    assertThat(flag.get("categories").get("true").asLong()).isEqualTo(250);
    assertThat(flag.get("tail").get("count").asLong()).isZero();
    assertThat(flag.get("tail").get("frequent")).isEmpty();
  }

  @Test
  void shouldPrintThePredictionMix() throws Exception {
    JsonNode mix = printed().get("prediction_mix");
    JsonNode scores = mix.get("scores");

    assertThat(scores.get("count").asLong()).isEqualTo(1_000);
    assertThat(scores.get("sum").asDouble()).isCloseTo(Arrays.stream(SCORE).sum(), within(1e-9));
    assertThat(scores.get("histogram")).extracting(JsonNode::asLong).containsExactly(100L, 100L, 100L, 100L, 100L, 100L,
        100L, 100L, 100L, 100L);
    assertThat(scores.get("min").asDouble()).isEqualTo(SCORE[0]);
    assertThat(scores.get("max").asDouble()).isEqualTo(SCORE[N - 1]);
    assertWithinRankError(scores.get("quantiles"), SCORE);
    assertThat(mix.get("classes").get("count").asLong()).isEqualTo(1_000);
    assertThat(mix.get("classes").get("categories").get("no").asLong()).isEqualTo(500);
    assertThat(mix.get("classes").get("categories").get("yes").asLong()).isEqualTo(500);
    assertThat(mix.get("mean_probabilities")).isEmpty();
    JsonNode values = mix.get("values");
    assertThat(values.get("count").asLong()).as("no regression values").isZero();
    assertThat(values.get("min").isNull()).isTrue();
    assertThat(values.get("quantiles").get("p50").isNull()).as("null, not NaN").isTrue();
    assertThat(mix.get("invalid").asLong()).isZero();
  }

  @Test
  void shouldPrintRequestsByRouteAndStatusAndLatencyQuantiles() throws Exception {
    JsonNode serving = printed().get("serving");
    double mainSeconds = 0;
    for (int i = 0; i < N; i += 2) {
      mainSeconds += LATENCY[i] / 1000;
    }

    assertThat(serving.get("requests")).extracting(r -> r.get("route").asText() + " " + r.get("status").asText() + " "
        + r.get("count").asLong()).containsExactly("main success 500", "shadow error 100", "shadow success 400");
    assertThat(serving.get("pooled_requests").asLong()).isZero();
    JsonNode latency = serving.get("latency_ms");
    assertThat(latency.get("count").asLong()).isEqualTo(1_000);
    assertThat(latency.get("invalid").asLong()).isZero();
    assertThat(latency.get("min").asDouble()).isEqualTo(Arrays.stream(LATENCY).min().orElseThrow());
    assertThat(latency.get("max").asDouble()).isEqualTo(Arrays.stream(LATENCY).max().orElseThrow());
    assertWithinRankError(latency.get("quantiles"), LATENCY);
    assertThat(serving.get("latency_bucket_bounds_seconds")).hasSize(13);
    JsonNode main = serving.get("latency_seconds_by_route").get("main");
    assertThat(main.get("buckets")).hasSize(14);
    long counted = 0;
    for (JsonNode n : main.get("buckets")) {
      counted += n.asLong();
    }
    assertThat(counted).isEqualTo(500);
    assertThat(main.get("sum").asDouble()).isCloseTo(mainSeconds, within(1e-9));
  }

  /**
   * Each quantile p01 ... p99 is a value whose rank among the raw values (the share of them at or below it) is
   * within the rank error of the rank asked for (plus one value, for the steps of a finite sample).
   */
  private static void assertWithinRankError(JsonNode quantiles, double[] raw) {
    double[] sorted = raw.clone();
    Arrays.sort(sorted);
    assertThat(names(quantiles)).containsExactly("p01", "p05", "p10", "p25", "p50", "p75", "p90", "p95", "p99");
    for (double rank : ProfileJson.RANKS) {
      String name = String.format(Locale.ROOT, "p%02d", Math.round(rank * 100));
      double v = quantiles.get(name).asDouble();
      long atOrBelow = Arrays.stream(sorted).filter(x -> x <= v).count();
      assertThat((double) atOrBelow / sorted.length).as(name + " = " + v).isCloseTo(rank, within(RANK_ERROR + 1.0 / sorted.length));
    }
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
