package dev.pqp.cli;

import dev.pqp.app.PqpRuntime;
import dev.pqp.demo.DemoTraffic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The demo's banner and its short live summary, read from the metrics registry. */
final class DemoSummary {
  private final PqpRuntime runtime;
  private final DemoTraffic traffic;
  private final long driftAt;

  DemoSummary(PqpRuntime runtime, DemoTraffic traffic, long driftAt) {
    this.runtime = runtime;
    this.traffic = traffic;
    this.driftAt = driftAt;
  }

  void printBanner() {
    String url = runtime.baseUrl();
    System.out.printf("%npqp demo running (Kafka at %s)%n  metrics  %s/metrics%n"
        + "  status   %s/%n  ready    %s/ready%n"
        + "  window %s, drift starts in %d s; Ctrl-C stops%n%n",
        runtime.config().bootstrapServers(), url, url, url, runtime.config().windowSize(),
        Math.max(0, (driftAt - System.currentTimeMillis()) / 1000));
  }

  void print() {
    MeterRegistry r = runtime.registry();
    double in = sum(r, "pqp.records", null, null);
    Map<String, Double> rejected = byTag(r, "pqp.records.rejected", "reason");
    Map<String, Double> versions = byTag(r, "pqp.events", "model_version");
    Map<String, java.util.List<String>> drifted = new TreeMap<>();
    for (Gauge g : r.find("ml.data.drift.detected").gauges()) {
      String version = g.getId().getTag("model_version");
      drifted.computeIfAbsent(version, v -> new java.util.ArrayList<>());
      if (g.value() >= 1) {
        drifted.get(version).add(g.getId().getTag("feature_name"));
      }
    }
    drifted.values().forEach(java.util.Collections::sort);
    System.out.printf("[%s] sent %d | read %.0f | events %s | rejected %d | drifted features %s%s%n",
        runtime.streams().state(), traffic.sent(), in, versions,
        Math.round(rejected.values().stream().mapToDouble(Double::doubleValue).sum()),
        drifted.isEmpty() ? "(no window finalized yet)" : drifted,
        System.currentTimeMillis() >= driftAt ? " | traffic drifting" : "");
    String outcomes = outcomes(r);
    if (!outcomes.isEmpty()) {
      System.out.println("    " + outcomes);
    }
  }

  /**
   * The conversion rate of each version's predictions of the last hour (those of the last minutes still waiting for
   * theirs) and the verdicts of v2 against v1, once there are any.
   */
  private static String outcomes(MeterRegistry r) {
    Map<String, Double> rates = new TreeMap<>();
    for (Gauge g : r.find("ml.outcome.rate").tags("outcome", "conversion", "horizon", "1h").gauges()) {
      rates.put(g.getId().getTag("model_version"), g.value());
    }
    Map<String, String> verdicts = new TreeMap<>();
    for (Gauge g : r.find("ml.version.comparison.verdict").gauges()) {
      if (g.value() >= 1) {
        verdicts.put(g.getId().getTag("metric"), g.getId().getTag("verdict"));
      }
    }
    StringBuilder s = new StringBuilder();
    rates.forEach((v, rate) -> s.append(s.length() == 0 ? "conversion rate (1 h) " : ", ").append(v)
        .append(String.format(java.util.Locale.ROOT, " %.3f", rate)));
    if (!verdicts.isEmpty()) {
      s.append(s.length() == 0 ? "" : " | ").append("v2 against v1: ").append(verdicts);
    }
    return s.toString();
  }

  private static double sum(MeterRegistry r, String name, String tag, String value) {
    return r.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static Map<String, Double> byTag(MeterRegistry r, String name, String tag) {
    Map<String, Double> out = new TreeMap<>();
    for (Counter c : r.find(name).counters()) {
      String v = c.getId().getTag(tag);
      if (v != null && !v.isEmpty()) {
        out.merge(v, c.count(), Double::sum);
      }
    }
    return out;
  }

  static void deleteQuietly(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
