package dev.pqp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pqp.compare.SelectedWindow;
import dev.pqp.profile.Bins;
import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.Moments;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.PredictionMix;
import dev.pqp.profile.ProfileConfig;
import dev.pqp.profile.RequestStats;
import dev.pqp.profile.ServingHealth;
import dev.pqp.profile.WindowProfile;
import java.time.Instant;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * One window profile as a JSON object that any language reads: what {@code pqp profile} prints, one object per
 * line. Consumes a {@link SelectedWindow} (a profile of the profiles topic, decoded); emits the counts as they
 * are, each sketch as the quantiles it answers with its normalized rank error, the exactly counted categories
 * as a map and the categories beyond the cap as one pooled tail. A figure that does not exist (the mean of no
 * values, a quantile of an empty sketch) is null, never NaN. docs/reading-results.md names every field.
 */
final class ProfileJson {
  /** The ranks of every {@code quantiles} object, named p01 ... p99 as on ml.quality.feature-drift. */
  static final double[] RANKS = {0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99};

  private static final ObjectMapper JSON = new ObjectMapper();

  private ProfileJson() {}

  /** The window as one line of JSON. */
  static String line(SelectedWindow w) {
    return window(w).toString();
  }

  static ObjectNode window(SelectedWindow w) {
    WindowProfile p = w.profile();
    ObjectNode o = JSON.createObjectNode();
    o.put("model", w.model());
    o.put("version", w.version());
    o.put("window_start", Instant.ofEpochMilli(w.start()).toString());
    o.put("window_start_ms", w.start());
    o.put("window_end", Instant.ofEpochMilli(w.end()).toString());
    o.put("window_end_ms", w.end());
    o.put("latest", w.nextStart() == null);
    time(o, "first_event_ms", p.firstEventMs());
    time(o, "last_event_ms", p.lastEventMs());
    o.put("events", p.eventCount());
    o.put("predictions", p.predictionCount());
    o.put("feature_logs", p.featureLogCount());
    o.put("late_events", p.lateEventCount());
    o.put("dropped_feature_values", p.overflowFeatures());
    o.set("limits", limits(p.config()));
    ObjectNode features = o.putObject("features");
    new TreeMap<>(p.features()).forEach((name, f) -> features.set(name, feature(f)));
    ObjectNode untyped = o.putObject("untyped_features");
    new TreeMap<>(p.untypedFeatures()).forEach(untyped::put);
    o.set("prediction_mix", mix(p.predictionMix()));
    o.set("serving", serving(p.servingHealth()));
    o.set("event_lag_seconds", distribution(p.eventLagSeconds()));
    return o;
  }

  private static ObjectNode limits(ProfileConfig c) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kll_k", c.kllK());
    o.put("category_cap", c.categoryCap());
    o.put("frequent_items_map_size", c.frequentItemsMapSize());
    o.put("max_features", c.maxFeatures());
    return o;
  }

  static ObjectNode feature(FeatureProfile f) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", f.kind().name().toLowerCase(Locale.ROOT));
    o.put("count", f.count());
    o.put("missing", f.missing());
    o.put("invalid", f.invalid());
    if (f instanceof NumericProfile n) {
      numeric(o, n);
    } else {
      CategoricalProfile c = (CategoricalProfile) f;
      o.put("unseen_in_reference", c.unseenInReference());
      categories(o, c);
    }
    return o;
  }

  private static void numeric(ObjectNode o, NumericProfile n) {
    o.put("out_of_range", n.outOfRange());
    Moments m = n.moments();
    number(o, "mean", m.mean());
    number(o, "variance", m.variance());
    number(o, "stddev", m.stddev());
    number(o, "min", m.min());
    number(o, "max", m.max());
    o.set("quantiles", quantiles(n.sketch()));
    o.put("rank_error", n.normalizedRankError());
    Bins bins = n.bins();
    if (bins == null) {
      o.putNull("reference_bins");
    } else {
      ObjectNode b = o.putObject("reference_bins");
      ArrayNode edges = b.putArray("edges");
      for (double e : bins.edges()) {
        edges.add(e);
      }
      ArrayNode counts = b.putArray("counts");
      for (long c : bins.counts()) {
        counts.add(c);
      }
    }
  }

  /**
   * {@code categories}: the exact counts of the first {@code category_cap} distinct categories, most frequent
   * first; {@code tail}: the values of later categories pooled, with the ones the frequent-items sketch is sure
   * of (no false positives) and its estimate and guaranteed bounds of their count within the tail.
   */
  private static void categories(ObjectNode o, CategoricalProfile c) {
    ObjectNode categories = o.putObject("categories");
    c.exactCounts().entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.<String, Long>comparingByKey()))
        .forEach(e -> categories.put(e.getKey(), e.getValue()));
    ObjectNode tail = o.putObject("tail");
    tail.put("count", c.tailCount());
    ArrayNode frequent = tail.putArray("frequent");
    ItemsSketch<String> sketch = c.tail();
    if (sketch != null) {
      for (ItemsSketch.Row<String> row : sketch.getFrequentItems(ErrorType.NO_FALSE_POSITIVES)) {
        ObjectNode r = frequent.addObject();
        r.put("category", row.getItem());
        r.put("estimate", row.getEstimate());
        r.put("lower_bound", row.getLowerBound());
        r.put("upper_bound", row.getUpperBound());
      }
    }
  }

  private static ObjectNode mix(PredictionMix m) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode scores = distribution(m.scores());
    scores.put("sum", m.scoreSum());
    ArrayNode histogram = scores.putArray("histogram");
    for (long n : m.scoreHistogram()) {
      histogram.add(n);
    }
    o.set("scores", scores);
    ObjectNode classes = o.putObject("classes");
    CategoricalProfile c = m.predictedClasses();
    classes.put("count", c.count());
    classes.put("missing", c.missing());
    categories(classes, c);
    ObjectNode probabilities = o.putObject("mean_probabilities");
    m.meanProbabilities().forEach((cls, p) -> number(probabilities, cls, p));
    o.set("values", distribution(m.regressionValues()));
    o.put("invalid", m.invalid());
    return o;
  }

  private static ObjectNode serving(ServingHealth h) {
    ObjectNode o = JSON.createObjectNode();
    ArrayNode requests = o.putArray("requests");
    ObjectNode byRoute = JSON.createObjectNode();
    new TreeMap<>(h.byRoute()).forEach((route, stats) -> {
      new TreeMap<>(stats.statuses()).forEach((status, n) ->
          requests.addObject().put("route", route).put("status", status).put("count", n));
      ObjectNode r = byRoute.putObject(route);
      ArrayNode buckets = r.putArray("buckets");
      for (long n : stats.latencyBuckets()) {
        buckets.add(n);
      }
      r.put("sum", stats.latencySumSeconds());
    });
    o.put("pooled_requests", h.pooled());
    ObjectNode latency = distribution(h.latencyMs());
    latency.put("invalid", h.invalidLatency());
    o.set("latency_ms", latency);
    ArrayNode bounds = o.putArray("latency_bucket_bounds_seconds");
    for (double b : RequestStats.LATENCY_BOUNDS_SECONDS) {
      bounds.add(b);
    }
    o.set("latency_seconds_by_route", byRoute);
    return o;
  }

  /** A sketch's count, min, max, quantiles and rank error. */
  static ObjectNode distribution(KllDoublesSketch s) {
    ObjectNode o = JSON.createObjectNode();
    o.put("count", s.getN());
    number(o, "min", s.isEmpty() ? Double.NaN : s.getMinItem());
    number(o, "max", s.isEmpty() ? Double.NaN : s.getMaxItem());
    o.set("quantiles", quantiles(s));
    o.put("rank_error", s.getNormalizedRankError(false));
    return o;
  }

  /** The value at each of {@link #RANKS} (inclusive search, as pqp reads them), null for an empty sketch. */
  static ObjectNode quantiles(KllDoublesSketch s) {
    ObjectNode o = JSON.createObjectNode();
    for (double r : RANKS) {
      number(o, String.format(Locale.ROOT, "p%02d", Math.round(r * 100)), s.isEmpty() ? Double.NaN : s.getQuantile(r));
    }
    return o;
  }

  private static void number(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }

  private static void time(ObjectNode o, String name, long ms) {
    if (ms == WindowProfile.NO_TIME) {
      o.putNull(name);
    } else {
      o.put(name, ms);
    }
  }
}
