package dev.pqp.compare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.drift.FeatureDriftResult.Statistic;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.stats.DatasetDrift;
import dev.pqp.stats.DriftMethod;
import dev.pqp.window.PredictionDrift;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link WindowComparison}: as a text table (one row per feature, then the prediction-mix drift
 * and the dataset drift), or as JSON lines with the same content ({@code record} = {@code comparison},
 * {@code feature}, {@code prediction_drift}, {@code dataset_drift}).
 */
public final class ComparisonReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FIXED = List.of("feature", "type", "count", "count_against", "missing",
      "missing_against", "method", "score", "threshold", "verdict");

  private ComparisonReport() {}

  /** The statistics some row has, in {@link DriftMethod} order. */
  static List<String> statisticColumns(List<FeatureRow> rows) {
    return Arrays.stream(DriftMethod.values()).map(DriftMethod::name)
        .filter(m -> rows.stream().anyMatch(r -> r.statistic(m) != null)).toList();
  }

  /** Header, one line per feature with the statistics that exist, then prediction-mix and dataset drift. */
  public static String text(WindowComparison c) {
    StringBuilder out = new StringBuilder();
    out.append(describe(c.window())).append('\n');
    out.append("against ").append(describe(c.against())).append('\n').append('\n');
    List<String> stats = statisticColumns(c.rows());
    List<String> header = new ArrayList<>(FIXED);
    stats.forEach(m -> header.add(m.toLowerCase(Locale.ROOT)));
    List<List<String>> cells = new ArrayList<>();
    cells.add(header);
    for (FeatureRow r : c.rows()) {
      List<String> row = new ArrayList<>(List.of(r.feature(), r.type(), Long.toString(r.count()),
          r.againstCount() == null ? "-" : r.againstCount().toString(), num(r.missingRatio()), num(r.againstMissingRatio()),
          r.method().toLowerCase(Locale.ROOT), num(r.score()), num(r.threshold()), r.verdict()));
      stats.forEach(m -> {
        Statistic s = r.statistic(m);
        row.add(s == null ? "-" : num(s.value()));
      });
      cells.add(row);
    }
    table(out, cells);
    out.append('\n');
    if (c.predictionDrift().isEmpty()) {
      out.append("prediction drift against ").append(c.against().baseline())
          .append(": none (the two sides do not both have scores or classes)\n");
    }
    for (PredictionDrift d : c.predictionDrift()) {
      out.append("prediction drift against ").append(d.baseline()).append(": ").append(d.target()).append(' ')
          .append(d.method()).append(' ').append(num(d.value()))
          .append(d.errorBound() > 0 ? " (error bound " + num(d.errorBound()) + ")" : "").append('\n');
    }
    DatasetDrift dd = c.datasetDrift();
    out.append(String.format(Locale.ROOT, "dataset drift: %d of %d features drifted, share %s (threshold %s): %s%n",
        dd.driftedFeatures(), dd.features(), num(dd.share()), num(dd.shareThreshold()), dd.drifted() ? "DRIFTED" : "ok"));
    return out.toString();
  }

  /** The same content as {@link #text}, one JSON object per line. */
  public static List<String> jsonLines(WindowComparison c) {
    List<String> out = new ArrayList<>();
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("record", "comparison");
    head.putAll(window(c.window()));
    Map<String, Object> against = new LinkedHashMap<>();
    against.put("kind", c.against().kind());
    against.put("baseline", c.against().baseline());
    if (c.against().window() != null) {
      against.putAll(window(c.against().window()));
    } else {
      ReferenceProfile r = c.against().reference();
      against.put("reference_key", r.topicKey());
      against.put("reference_id", r.id());
      against.put("reference_kind", r.kind().code());
      against.put("events", r.profile().eventCount());
    }
    head.put("against", against);
    out.add(json(head));
    c.rows().forEach(r -> out.add(json(feature(r))));
    for (PredictionDrift d : c.predictionDrift()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("record", "prediction_drift");
      m.put("baseline", d.baseline());
      m.put("target", d.target());
      m.put("method", d.method());
      m.put("value", finite(d.value()));
      m.put("error_bound", finite(d.errorBound()));
      out.add(json(m));
    }
    DatasetDrift dd = c.datasetDrift();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("record", "dataset_drift");
    m.put("features", dd.features());
    m.put("drifted_features", dd.driftedFeatures());
    m.put("share", dd.share());
    m.put("share_threshold", dd.shareThreshold());
    m.put("drifted", dd.drifted());
    out.add(json(m));
    return out;
  }

  private static Map<String, Object> feature(FeatureRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("record", "feature");
    m.put("feature", r.feature());
    m.put("type", r.type());
    m.put("count", r.count());
    m.put("count_against", r.againstCount());
    m.put("missing_ratio", finite(r.missingRatio()));
    m.put("missing_ratio_against", finite(r.againstMissingRatio()));
    m.put("method", r.method());
    m.put("score", finite(r.score()));
    m.put("threshold", finite(r.threshold()));
    m.put("drifted", r.drifted());
    m.put("verdict", r.verdict());
    Map<String, Object> stats = new LinkedHashMap<>();
    for (Statistic s : r.statistics()) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("value", finite(s.value()));
      v.put("error_bound", finite(s.errorBound()));
      v.put("p_value", finite(s.pValue()));
      stats.put(s.method(), v);
    }
    m.put("statistics", stats);
    return m;
  }

  private static Map<String, Object> window(SelectedWindow w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", w.model());
    m.put("version", w.version());
    m.put("window_start", Instant.ofEpochMilli(w.start()).toString());
    m.put("window_start_ms", w.start());
    m.put("window_end", Instant.ofEpochMilli(w.end()).toString());
    m.put("events", w.profile().eventCount());
    return m;
  }

  private static String describe(SelectedWindow w) {
    return String.format(Locale.ROOT, "%s/%s window %s .. %s (%s, %d events)", w.model(), w.version(),
        Instant.ofEpochMilli(w.start()), Instant.ofEpochMilli(w.end()),
        w.nextStart() == null ? "latest window; end = last event" : "end = next window's start", w.profile().eventCount());
  }

  private static String describe(Against a) {
    if (a.window() != null) {
      return a.kind() + " " + describe(a.window());
    }
    ReferenceProfile r = a.reference();
    return String.format(Locale.ROOT, "reference %s (%s, id %s, built %s, %d events)", r.topicKey(), r.kind().code(), r.id(),
        Instant.ofEpochMilli(r.createdMs()), r.profile().eventCount());
  }

  /** Columns padded to their widest cell; text columns left-aligned, numbers right-aligned. */
  private static void table(StringBuilder out, List<List<String>> cells) {
    int columns = cells.get(0).size();
    int[] width = new int[columns];
    for (List<String> row : cells) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        boolean left = i < 2 || i == 6 || i == 9;
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : "  ").append(left ? cell + pad : pad + cell);
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String num(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }

  private static Double finite(Double v) {
    return v == null || !Double.isFinite(v) ? null : v;
  }

  private static String json(Map<String, Object> m) {
    try {
      return JSON.writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
