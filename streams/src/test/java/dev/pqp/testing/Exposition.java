package dev.pqp.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of a Prometheus text exposition ({@code /metrics}), parsed independently of the code that
 * wrote it: {@code name{label="value",...} number} per line, comments skipped.
 */
public final class Exposition {
  /** One sample line. */
  public record Sample(String name, Map<String, String> labels, double value) {
    boolean matches(String n, Map<String, String> wanted) {
      return name.equals(n) && wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
  }

  private final List<Sample> samples;

  private Exposition(List<Sample> samples) {
    this.samples = samples;
  }

  public static Exposition parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        parseLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
      } else {
        name = line.substring(0, space);
      }
      out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
    }
    return new Exposition(out);
  }

  private static void parseLabels(String s, Map<String, String> labels) {
    int i = 0;
    while (i < s.length()) {
      int eq = s.indexOf('=', i);
      String key = s.substring(i, eq).trim();
      StringBuilder v = new StringBuilder();
      int j = eq + 2; // skip ="
      while (s.charAt(j) != '"') {
        if (s.charAt(j) == '\\') {
          j++;
        }
        v.append(s.charAt(j++));
      }
      labels.put(key, v.toString());
      i = j + 1;
      if (i < s.length() && s.charAt(i) == ',') {
        i++;
      }
    }
  }

  /** Every sample of {@code name} whose labels include {@code labels} (name, value pairs). */
  /** Every sample of the exposition, in its order. */
  public List<Sample> samples() {
    return samples;
  }

  public List<Sample> all(String name, String... labels) {
    Map<String, String> wanted = pairs(labels);
    return samples.stream().filter(s -> s.matches(name, wanted)).toList();
  }

  /** The one sample of {@code name} with these labels, or null when there is none. */
  public Double value(String name, String... labels) {
    List<Sample> found = all(name, labels);
    if (found.size() > 1) {
      throw new IllegalStateException(found.size() + " samples of " + name + " match " + List.of(labels) + ": " + found);
    }
    return found.isEmpty() ? null : found.get(0).value();
  }

  /** The sum over every sample of {@code name} with these labels (like PromQL's {@code sum}). */
  public double sum(String name, String... labels) {
    return all(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  /**
   * {@code histogram_quantile(q, ...)} over the {@code _bucket} samples of {@code histogram} with these labels,
   * summed by {@code le}, interpolated linearly within the bucket as Prometheus does.
   */
  public double histogramQuantile(double q, String histogram, String... labels) {
    Map<Double, Double> byLe = new java.util.TreeMap<>();
    all(histogram + "_bucket", labels).forEach(s -> byLe.merge(le(s.labels().get("le")), s.value(), Double::sum));
    List<Map.Entry<Double, Double>> buckets = new ArrayList<>(byLe.entrySet());
    double total = buckets.get(buckets.size() - 1).getValue();
    double rank = q * total;
    double prevLe = 0;
    double prevCount = 0;
    for (Map.Entry<Double, Double> b : buckets) {
      if (b.getValue() >= rank) {
        if (b.getKey().isInfinite()) {
          return prevLe;
        }
        double inBucket = b.getValue() - prevCount;
        return inBucket == 0 ? b.getKey() : prevLe + (b.getKey() - prevLe) * (rank - prevCount) / inBucket;
      }
      prevLe = b.getKey();
      prevCount = b.getValue();
    }
    return Double.NaN;
  }

  private static double le(String le) {
    return "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
  }

  private static Map<String, String> pairs(String... labels) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      m.put(labels[i], labels[i + 1]);
    }
    return m;
  }
}
