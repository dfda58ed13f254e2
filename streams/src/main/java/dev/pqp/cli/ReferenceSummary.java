package dev.pqp.cli;

import dev.pqp.profile.CategoricalProfile;
import dev.pqp.profile.FeatureProfile;
import dev.pqp.profile.NumericProfile;
import dev.pqp.profile.WindowProfile;
import dev.pqp.reference.ReferenceProfile;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * Prints what a reference holds, one line per feature: kind and counts, then quantiles p01/p25/p50/p75/p99,
 * mean and sample std for numeric features, or the five most frequent categories with their shares. A
 * share marked {@code ~} is an estimate from the frequent-items sketch beyond the exact-category cap.
 */
final class ReferenceSummary {
  static final int TOP = 5;
  private static final double[] RANKS = {0.01, 0.25, 0.50, 0.75, 0.99};

  private ReferenceSummary() {}

  static void print(PrintWriter out, ReferenceProfile ref, long rows, int encodedBytes) {
    WindowProfile p = ref.profile();
    out.printf(Locale.ROOT, "reference %s  id %s  kind %s  rows %d  features %d  encoded %,d bytes%n", ref.topicKey(),
        ref.id(), ref.kind().code(), rows, p.features().size(), encodedBytes);
    out.printf(Locale.ROOT, "  %-24s %-11s %10s %9s %9s  %s%n", "feature", "kind", "count", "missing", "invalid",
        "p01 p25 p50 p75 p99 | mean std  (numeric) / top " + TOP + " categories (categorical, boolean)");
    for (Map.Entry<String, FeatureProfile> e : new TreeMap<>(p.features()).entrySet()) {
      FeatureProfile f = e.getValue();
      String detail = f instanceof NumericProfile n ? numeric(n) : categories((CategoricalProfile) f);
      out.printf(Locale.ROOT, "  %-24s %-11s %10d %9d %9d  %s%n", e.getKey(), f.kind().name().toLowerCase(Locale.ROOT),
          f.count(), f.missing(), f.invalid(), detail);
    }
    new TreeMap<>(p.untypedFeatures()).forEach((name, n) ->
        out.printf(Locale.ROOT, "  %-24s %-11s %10d %9d %9s  never had a value: no kind, not profiled%n", name, "-", 0, n, "-"));
    printMix(out, p.predictionMix());
    if (p.overflowFeatures() > 0) {
      out.printf(Locale.ROOT, "  warning: %d values of features beyond the first %d were dropped (raise analysis max-features)%n",
          p.overflowFeatures(), p.config().maxFeatures());
    }
    out.flush();
  }

  /** The prediction mix the reference holds (from a score or label column), or nothing when it has none. */
  private static void printMix(PrintWriter out, dev.pqp.profile.PredictionMix mix) {
    long[] h = mix.scoreHistogram();
    long scored = java.util.Arrays.stream(h).sum();
    if (scored > 0) {
      StringBuilder b = new StringBuilder();
      for (long n : h) {
        b.append(' ').append(n);
      }
      out.printf(Locale.ROOT, "  scores: %d, mean %s, histogram [0,0.1) ... [0.9,1]:%s%n", scored,
          num(mix.scoreSum() / scored), b);
    }
    if (mix.predictedClasses().count() > 0) {
      out.printf(Locale.ROOT, "  classes: %s%n", categories(mix.predictedClasses()));
    }
  }

  private static String numeric(NumericProfile n) {
    if (n.count() == 0) {
      return "no values";
    }
    StringBuilder s = new StringBuilder();
    for (double r : RANKS) {
      s.append(num(n.quantile(r))).append(' ');
    }
    return s.append("| ").append(num(n.moments().mean())).append(' ').append(num(n.moments().stddev())).toString();
  }

  /** Six significant digits without trailing zeros: 18, 0.25, 154656, 1.23457e+12. */
  static String num(double v) {
    if (!Double.isFinite(v)) {
      return Double.toString(v);
    }
    if (v != 0 && (Math.abs(v) >= 1e9 || Math.abs(v) < 1e-4)) {
      return String.format(Locale.ROOT, "%.6g", v);
    }
    return new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
  }

  /** A category as text on one line: quoted with escapes when it holds separators, quotes or control characters. */
  static String category(String c) {
    if (!c.isEmpty() && c.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\\' || Character.isISOControl(ch))
        && c.strip().equals(c)) {
      return c;
    }
    StringBuilder s = new StringBuilder("\"");
    for (char ch : c.toCharArray()) {
      switch (ch) {
        case '"' -> s.append("\\\"");
        case '\\' -> s.append("\\\\");
        case '\n' -> s.append("\\n");
        case '\r' -> s.append("\\r");
        case '\t' -> s.append("\\t");
        default -> {
          if (Character.isISOControl(ch)) {
            s.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            s.append(ch);
          }
        }
      }
    }
    return s.append('"').toString();
  }

  private static String categories(CategoricalProfile c) {
    if (c.count() == 0) {
      return "no values";
    }
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Long> e : top(c, TOP)) {
      boolean exact = c.count(e.getKey()).exact();
      parts.add(String.format(Locale.ROOT, "%s %s%.1f%%", category(e.getKey()), exact ? "" : "~", 100.0 * e.getValue() / c.count()));
    }
    int distinct = c.exactCategories();
    String more = c.isExact() ? distinct + " distinct" : "over " + distinct + " distinct";
    return String.join(", ", parts) + "  (" + more + ")";
  }

  /** The {@code n} most frequent categories with their (estimated) counts, most frequent first. */
  static List<Map.Entry<String, Long>> top(CategoricalProfile c, int n) {
    Set<String> candidates = new HashSet<>(c.exactCounts().keySet());
    ItemsSketch<String> tail = c.tail();
    if (tail != null) {
      for (ItemsSketch.Row<String> row : tail.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
        candidates.add(row.getItem());
      }
    }
    return candidates.stream()
        .map(k -> Map.entry(k, c.count(k).estimate()))
        .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
            .thenComparing(Map.Entry::getKey))
        .limit(n)
        .toList();
  }
}
