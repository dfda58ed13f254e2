package dev.pqp.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** Prints the benchmark's table and its final greppable {@code BENCH} line. */
final class BenchReport {
  /** What the name of a run on the Avro input ends with. */
  static final String AVRO = ", Avro";
  private static final double MB = 1024.0 * 1024.0;

  private BenchReport() {}

  static void micro(PrintStream out, ProfileUpdateBench.Result m) {
    out.printf(Locale.ROOT, "%-34s %10s %10s %10s%n", "micro: ns per update", "10^3 items", "10^6 items",
        "10^6/10^3");
    out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %10.2f%n", "  NumericProfile (pqp)", m.profileSmall(),
        m.profileLarge(), m.profileGrowth());
    out.printf(Locale.ROOT, "%-34s %10.1f %10.1f %10.2f%n", "  KllDoublesSketch (baseline)", m.kllSmall(),
        m.kllLarge(), m.kllGrowth());
    out.printf(Locale.ROOT, "  (median of %d rounds x %d updates, k=%d; cost rule: growth <= 1.2 -> %s)%n%n",
        m.rounds(), m.batch(), m.k(), m.doesNotGrow() ? "holds" : "BROKEN");
  }

  static void setup(PrintStream out, Bench.Options o, BenchEvents.Published p, long windowMs) {
    BenchEvents.Written json = p.json();
    out.printf(Locale.ROOT, "end to end: %,d JSON prediction events %s, %.0f bytes each on average; 20 features "
            + "(14 numeric, 4 categorical, 2 boolean), latency_ms and status, model %s v1/v2%n", p.events(),
        p.shape().description(), json.bytesPerRecord(), BenchEvents.MODEL);
    out.printf(Locale.ROOT, "  sent in %s: %.0f bytes per event in the broker's log (%.2fx the JSON)%n",
        p.shape().batches(), json.logBytesPerRecord(), json.logBytesPerRecord() / json.bytesPerRecord());
    out.printf(Locale.ROOT, "  topic ml.predictions: %d partitions; event times over %d windows of %d s; "
        + "in-process broker on loopback, %d cores%n", o.partitions(), o.windows(), windowMs / 1000,
        Runtime.getRuntime().availableProcessors());
    BenchEvents.Written avro = p.avro();
    if (avro.records() > 0) {
      out.printf(Locale.ROOT, "  topic %s: the same events as Avro (pqp's PredictionEvent, single-object encoding, no "
          + "registry), %.0f bytes each on average (%.2fx the JSON), %.0f in the log; rows marked Avro read it%n",
          Bench.AVRO_TOPIC, avro.bytesPerRecord(), avro.bytesPerRecord() / json.bytesPerRecord(),
          avro.logBytesPerRecord());
    }
    BenchEvents.Written labels = p.labels();
    if (labels.records() > 0) {
      out.printf(Locale.ROOT, "  topic ml.ground-truth: one label per prediction, %.0f bytes each (%.0f in the log), %d%% "
          + "late (2 to 10 min after the prediction, the others 1 to 30 s); both topics keyed by prediction_id%n",
          labels.bytesPerRecord(), labels.logBytesPerRecord(), BenchEvents.LATE_PERCENT);
    }
    out.printf(Locale.ROOT, "BENCH_INPUT shape=%s compression=%s events=%d bytes_per_event=%.0f log_bytes_per_event=%.0f "
        + "avro_bytes_per_event=%.0f label_bytes=%.0f%n", p.shape().flag(), p.shape().compression(), p.events(),
        json.bytesPerRecord(), json.logBytesPerRecord(), avro.records() == 0 ? 0 : avro.bytesPerRecord(),
        labels.records() == 0 ? 0 : labels.bytesPerRecord());
    if (!o.pqpSettings().isEmpty()) {
      out.println("  pqp runs with " + o.pqpSettings());
    }
    out.printf(Locale.ROOT, "  published once with an idempotent producer in %.1f s (%,.0f events/s; not in the "
        + "figures below)%n%n", p.seconds(), p.events() / p.seconds());
    out.printf(Locale.ROOT, "%-5s %-48s %10s %8s %10s %8s %8s %8s %9s %6s %6s %8s%s%n", "round", "system", "events/s",
        "seconds", "committed", "vs base", "cpu us/ev", "cpu vs", "thr us/ev", "jit", "gc", "heap MB", p.labels().records() == 0 ? ""
            : String.format(Locale.ROOT, " %10s %11s %12s %10s", "outcomes/s", "B/pend disk", "B/pend cmpct", "B/pend log"));
  }

  static void row(PrintStream out, int round, RunResult r, RunResult baseline) {
    RunResult.Join j = r.join();
    String join = j == null ? "" : String.format(Locale.ROOT, " %,10.0f %,11.0f %,12.0f %,10.0f", r.outcomesPerSecond(),
        j.diskBytesPerPending(), j.compactedDiskBytesPerPending(), j.changelogBytesPerPending());
    out.printf(Locale.ROOT, "%-5d %-48s %,10.0f %8.2f %10s %8s %8.1f %8s %9.1f %6.1f %6.1f %8.0f%s%n", round, r.system(),
        r.eventsPerSecond(), r.seconds(), Double.isNaN(r.committedSeconds()) ? "-"
            : String.format(Locale.ROOT, "%.2f s", r.committedSeconds()),
        baseline == null ? "" : String.format(Locale.ROOT, "%.2fx", ratio(r, baseline)), r.cpuMicrosPerEvent(),
        baseline == null ? "" : String.format(Locale.ROOT, "%.2fx", r.cpuMicrosPerEvent()
            / baseline.cpuMicrosPerEvent()), r.threadCpuMicrosPerEvent(), r.jitMicrosPerEvent(), r.gcMicrosPerEvent(),
        r.heapUsedBytes() / MB, join);
  }

  /** A fresh process restoring the state of the run before it. */
  static void restore(PrintStream out, int round, RestoreRun.Result r) {
    out.printf(Locale.ROOT, "%-5d   restore: fresh process, same application.id, emptied state directory: RUNNING %.2f s "
        + "after start (%.2f s after its JVM started); %,d records restored from %d changelogs of %.1f MB on the broker "
        + "(store restores summed: %.2f s)%n", round, r.secondsToRunning(), r.jvmSecondsToRunning(), r.records(),
        r.changelogs(), r.changelogBytes() / MB, r.storeSeconds());
  }

  /** The live run: each window's delay from its close to its output, and the freshness at the default window. */
  static void freshness(PrintStream out, FreshnessRun.Result f) {
    FreshnessRun.Options o = f.options();
    out.printf(Locale.ROOT, "  %-24s %8s %28s%n", "window end (s after first)", "records", "output after end + grace");
    List<Long> delays = new java.util.ArrayList<>();
    for (FreshnessRun.Window w : f.windows()) {
      out.printf(Locale.ROOT, "  %24.1f %8d %28s%n", (w.endMs() - f.firstEventMs()) / 1000.0, w.records(),
          w.records() == 0 ? "none within 30 s" : String.format(Locale.ROOT, "%.2f s", w.delayMs() / 1000.0));
      if (w.records() > 0) {
        delays.add(w.delayMs());
      }
    }
    java.util.Collections.sort(delays);
    int n = delays.size();
    double median = n == 0 ? Double.NaN : (delays.get((n - 1) / 2) + delays.get(n / 2)) / 2000.0;
    double max = delays.isEmpty() ? Double.NaN : delays.get(delays.size() - 1) / 1000.0;
    out.printf(Locale.ROOT, "  (%,d events over %.1f s; a window closes at its end + grace in event time; the delay is the "
        + "wall time its model-window records, one per version, could be read read_committed, minus that; windows still "
        + "open when the events stopped are left out)%n", f.events(), (f.lastEventMs() - f.firstEventMs()) / 1000.0);
    out.printf(Locale.ROOT, "  delay after the close: median %.2f s, max %.2f s over %d of %d windows%n", median, max,
        delays.size(), f.windows().size());
    out.printf(Locale.ROOT, "  freshness at the default window (5 m + 1 m grace), computed, not run: 6 min + %.2f s (median; "
        + "max 6 min + %.2f s) for an event at a window's start, 1 min + the delay at its end; the delay as measured here "
        + "on %d s windows%n", median, max, o.windowMs() / 1000);
    out.printf(Locale.ROOT, "BENCH_FRESHNESS window_s=%d grace_s=%d rate=%d windows=%d closed=%d delay_median_s=%.2f "
        + "delay_max_s=%.2f default_freshness_s=%.2f%n", o.windowMs() / 1000, o.graceMs() / 1000, o.rate(),
        f.windows().size(), delays.size(), median, max, 360 + median);
  }

  static double ratio(RunResult pqp, RunResult baseline) {
    return pqp.eventsPerSecond() / baseline.eventsPerSecond();
  }

  /** The batch peer beside the last round's baseline and pqp, and one greppable {@code BENCH_PEER} line. */
  static void peer(PrintStream out, RunResult[] last, PeerRun.Result peer) {
    RunResult pqp = last[1];
    out.printf(Locale.ROOT, "%n%-44s %10s %8s %9s %12s%n", "system (last round beside the peer)", "events/s",
        "seconds", "cpu us/ev", "peak RSS MB");
    for (RunResult r : new RunResult[] {last[0], pqp}) {
      out.printf(Locale.ROOT, "%-44s %,10.0f %8.2f %9.1f %12.0f%n", r.system(), r.eventsPerSecond(),
          r.seconds(), r.cpuMicrosPerEvent(), r.peakRssBytes() / MB);
    }
    out.printf(Locale.ROOT, "%-44s %,10.0f %8.2f %9.1f %12.0f%n", "batch peer (python3, pandas + scipy)",
        peer.eventsPerSecond(), peer.wallSeconds(), peer.cpuMicrosPerEvent(), peer.peakRssMb());
    out.printf(Locale.ROOT, "  (peer: %d windows, read + JSON parse %.2f s, frames + statistics %.2f s; each system is a "
        + "process of its own: cpu = all its threads from first record to done, peak RSS = its VmHWM)%n",
        peer.windows(), peer.readSeconds(), peer.computeSeconds());
    out.printf(Locale.ROOT, "BENCH_PEER events=%d windows=%d peer_eps=%.0f peer_cpu_us_per_event=%.1f peer_wall_s=%.2f "
        + "peer_peak_rss_mb=%.0f pqp_eps=%.0f pqp_cpu_us_per_event=%.1f pqp_peak_rss_mb=%.0f cpu_ratio_peer/pqp=%.2f%n",
        peer.events(), peer.windows(), peer.eventsPerSecond(), peer.cpuMicrosPerEvent(), peer.wallSeconds(),
        peer.peakRssMb(), pqp.eventsPerSecond(), pqp.cpuMicrosPerEvent(), pqp.peakRssBytes() / MB,
        peer.cpuMicrosPerEvent() / pqp.cpuMicrosPerEvent());
  }

  static void state(PrintStream out, RunResult[] last) {
    out.printf(Locale.ROOT, "%nstate bytes per key (last round)%n%-44s %6s %8s %12s %10s %12s%n", "state",
        "keys", "values", "bytes/key", "max bytes", "total bytes");
    stateRow(out, last[0].state());
    last[1].changelogs().forEach(s -> stateRow(out, s));
    out.println("  (baseline: each window's whole profile encoded with ProfileCodec once, at the end; pqp: values "
        + "written to each changelog, bytes/key = mean over keys of the largest value written for it)");
  }

  private static void stateRow(PrintStream out, RunResult.StateSize s) {
    out.printf(Locale.ROOT, "%-44s %6d %8d %,12d %,10d %,12d%n", s.name(), s.keys(), s.values(), s.bytesPerKey(),
        s.maxBytes(), s.totalBytes());
  }

  static void summary(PrintStream out, Bench.Options o, ProfileUpdateBench.Result m, List<RunResult[]> rounds,
      List<RestoreRun.Result> restores) {
    StringBuilder ratios = new StringBuilder();
    StringBuilder base = new StringBuilder();
    StringBuilder pqp = new StringBuilder();
    StringBuilder cpu = new StringBuilder();
    double min = Double.MAX_VALUE;
    for (RunResult[] r : rounds) {
      double x = ratio(r[1], r[0]);
      min = Math.min(min, x);
      String sep = ratios.length() == 0 ? "" : ",";
      ratios.append(sep).append(String.format(Locale.ROOT, "%.2f", x));
      base.append(sep).append(String.format(Locale.ROOT, "%.0f", r[0].eventsPerSecond()));
      pqp.append(sep).append(String.format(Locale.ROOT, "%.0f", r[1].eventsPerSecond()));
      cpu.append(sep).append(String.format(Locale.ROOT, "%.1f/%.1f", r[0].cpuMicrosPerEvent(),
          r[1].cpuMicrosPerEvent()));
    }
    out.println("  (each system runs in a JVM of its own on the same broker; events/s: first record seen to last "
        + "record processed; committed: to all input offsets committed; cpu: the whole process over the second half of "
        + "the records (steady state), every thread, GC and JIT included; thr: the working threads alone (stream threads and their Kafka "
        + "clients' threads, the baseline's consumer thread); jit, gc: us/ev of the JIT compiler's and the garbage collector's threads, in cpu; heap: after a full GC at the end, state live)");
    out.printf(Locale.ROOT, "%nrequirement: pqp >= 0.70x the baseline in the same round -> %s (worst round %.2fx)%n",
        min >= 0.7 ? "met" : "NOT met", min);
    out.printf(Locale.ROOT, "BENCH events=%d partitions=%d threads=%d baseline_eps=%s pqp_eps=%s ratio=%s "
            + "ratio_min=%.2f cpu_us_per_event_base/pqp=%s micro_ns_1e3=%s micro_ns_1e6=%s micro_growth=%s kll_growth=%s%n",
        o.events(), o.partitions(), o.threads(), base, pqp, ratios, min, cpu,
        m == null ? "-" : String.format(Locale.ROOT, "%.1f", m.profileSmall()),
        m == null ? "-" : String.format(Locale.ROOT, "%.1f", m.profileLarge()),
        m == null ? "-" : String.format(Locale.ROOT, "%.2f", m.profileGrowth()),
        m == null ? "-" : String.format(Locale.ROOT, "%.2f", m.kllGrowth()));
    avroSummary(out, rounds);
    if (!restores.isEmpty()) {
      out.printf(Locale.ROOT, "BENCH_RESTORE seconds_to_running=%s jvm_seconds_to_running=%s records=%s changelog_mb=%s%n",
          join(restores, r -> String.format(Locale.ROOT, "%.2f", r.secondsToRunning())),
          join(restores, r -> String.format(Locale.ROOT, "%.2f", r.jvmSecondsToRunning())),
          join(restores, r -> Long.toString(r.records())),
          join(restores, r -> String.format(Locale.ROOT, "%.1f", r.changelogBytes() / MB)));
    }
    if (o.groundTruth()) {
      joinSummary(out, rounds);
    }
    RunResult[] last = rounds.get(rounds.size() - 1);
    out.printf(Locale.ROOT, "pqp/baseline throughput ratio: %.2f (pqp %.0f ev/s, baseline %.0f ev/s)%n",
        ratio(last[1], last[0]), last[1].eventsPerSecond(), last[0].eventsPerSecond());
  }

  private static <T> String join(List<T> items, java.util.function.Function<T, String> format) {
    return String.join(",", items.stream().map(format).toList());
  }

  /** One greppable line of the Avro rows: baseline and pqp on Avro, per round. */
  private static void avroSummary(PrintStream out, List<RunResult[]> rounds) {
    List<RunResult[]> avro = rounds.stream().map(r -> java.util.Arrays.stream(r)
        .filter(x -> x.system().endsWith(AVRO)).toArray(RunResult[]::new)).filter(r -> r.length == 2).toList();
    if (avro.isEmpty()) {
      return;
    }
    List<RunResult> jsonPqp = rounds.stream().map(r -> r[1]).toList();
    out.printf(Locale.ROOT, "BENCH_AVRO baseline_eps=%s pqp_eps=%s ratio=%s cpu_us_per_event_base/pqp=%s "
        + "pqp_avro/pqp_json_eps=%s%n", join(avro, r -> String.format(Locale.ROOT, "%.0f", r[0].eventsPerSecond())),
        join(avro, r -> String.format(Locale.ROOT, "%.0f", r[1].eventsPerSecond())),
        join(avro, r -> String.format(Locale.ROOT, "%.2f", ratio(r[1], r[0]))),
        join(avro, r -> String.format(Locale.ROOT, "%.1f/%.1f", r[0].cpuMicrosPerEvent(), r[1].cpuMicrosPerEvent())),
        String.join(",", java.util.stream.IntStream.range(0, avro.size()).mapToObj(i -> String.format(Locale.ROOT,
            "%.2f", avro.get(i)[1].eventsPerSecond() / jsonPqp.get(i).eventsPerSecond())).toList()));
  }

  /** The join runs of a round, repartitioned then co-partitioned. */
  private static List<RunResult> joinRuns(RunResult[] round) {
    return java.util.Arrays.stream(round).filter(r -> r.join() != null).toList();
  }

  /** The ground-truth rows: the notes on their columns and one greppable line per join mode. */
  private static void joinSummary(PrintStream out, List<RunResult[]> rounds) {
    out.println("  (join rows: events/s and cpu us/ev per prediction, its label included; outcomes/s: labels joined "
        + "(pqp_ground_truth_total matched + early_matched) per second of the same span; B/pend: bytes per prediction "
        + "in the join's store at the end, disk = RocksDB files of ground-truth-waiting + ground-truth-early-labels in the "
        + "state directory after pqp closed, cmpct = the same files once RocksDB compacted each (what a long-running store "
        + "holds), log = live key + value bytes of their changelogs)");
    String[] modes = {"repartitioned", "copartitioned"};
    for (int m = 0; m < modes.length; m++) {
      StringBuilder eps = new StringBuilder();
      StringBuilder outcomes = new StringBuilder();
      StringBuilder cpu = new StringBuilder();
      StringBuilder vs = new StringBuilder();
      StringBuilder disk = new StringBuilder();
      StringBuilder log = new StringBuilder();
      StringBuilder compacted = new StringBuilder();
      StringBuilder pending = new StringBuilder();
      for (RunResult[] r : rounds) {
        RunResult j = joinRuns(r).get(m);
        String sep = eps.length() == 0 ? "" : ",";
        eps.append(sep).append(String.format(Locale.ROOT, "%.0f", j.eventsPerSecond()));
        outcomes.append(sep).append(String.format(Locale.ROOT, "%.0f", j.outcomesPerSecond()));
        cpu.append(sep).append(String.format(Locale.ROOT, "%.1f/%.1f", r[0].cpuMicrosPerEvent(), j.cpuMicrosPerEvent()));
        vs.append(sep).append(String.format(Locale.ROOT, "%.2f", ratio(j, r[0])));
        disk.append(sep).append(String.format(Locale.ROOT, "%.0f", j.join().diskBytesPerPending()));
        log.append(sep).append(String.format(Locale.ROOT, "%.0f", j.join().changelogBytesPerPending()));
        compacted.append(sep).append(String.format(Locale.ROOT, "%.0f", j.join().compactedDiskBytesPerPending()));
        pending.append(sep).append(j.join().pending());
      }
      out.printf(Locale.ROOT, "BENCH_JOIN mode=%s pqp_eps=%s ratio=%s outcomes_per_s=%s cpu_us_per_event_base/pqp=%s "
          + "pending=%s bytes_per_pending_disk=%s bytes_per_pending_disk_compacted=%s bytes_per_pending_changelog=%s%n",
          modes[m], eps, vs, outcomes, cpu, pending, disk, compacted, log);
    }
  }
}
