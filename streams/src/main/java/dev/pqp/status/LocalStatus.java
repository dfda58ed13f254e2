package dev.pqp.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsNotStartedException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's share of the status: the window summaries of the versions whose stage-2 task is active
 * here, read from stage 2's store by an interactive query (standbys do not answer, so no version is counted
 * by two instances), and the performance figures this instance's gauges show.
 */
public final class LocalStatus {
  private final String instance;
  private final Supplier<KafkaStreams> streams;
  private final String store;
  private final Supplier<List<PerformanceSummary>> performance;
  private final Supplier<List<ComparisonSummary>> comparisons;
  private final Supplier<List<ActionSummary>> actions;
  private final Supplier<List<OutcomeSummary>> outcomes;
  private final int windows;

  /**
   * @param instance this instance's {@code application.server}
   * @param streams the running Kafka Streams, or null before it is created
   * @param store the name of the summaries' store
   * @param performance the figures the performance gauges show
   * @param comparisons the comparisons the comparison gauges show
   * @param actions the actions the action gauges show
   * @param outcomes the business outcomes the performance gauges show
   * @param windows the most windows shown per version
   */
  public LocalStatus(String instance, Supplier<KafkaStreams> streams, String store,
      Supplier<List<PerformanceSummary>> performance, Supplier<List<ComparisonSummary>> comparisons,
      Supplier<List<ActionSummary>> actions, Supplier<List<OutcomeSummary>> outcomes, int windows) {
    this.outcomes = outcomes;
    this.instance = instance;
    this.streams = streams;
    this.store = store;
    this.performance = performance;
    this.comparisons = comparisons;
    this.actions = actions;
    this.windows = windows;
  }

  public String instance() {
    return instance;
  }

  public LocalModels read() {
    Map<List<String>, List<WindowSummary>> byVersion = new TreeMap<>(
        Comparator.comparing((List<String> k) -> k.get(0)).thenComparing(k -> k.get(1)));
    KafkaStreams ks = streams.get();
    String state = ks == null ? "NOT_CREATED" : ks.state().name();
    String error = null;
    try {
      readWindows(ks, byVersion);
    } catch (InvalidStateStoreException e) {
      error = "windows not readable now (" + state + "): " + e.getMessage();
    }
    List<PerformanceSummary> figures = performance.get();
    List<ComparisonSummary> compared = comparisons.get();
    List<ActionSummary> acts = actions.get();
    figures.forEach(p -> byVersion.computeIfAbsent(List.of(p.model(), p.version()), k -> new ArrayList<>()));
    compared.forEach(c -> byVersion.computeIfAbsent(List.of(c.model(), c.version()), k -> new ArrayList<>()));
    acts.forEach(a -> byVersion.computeIfAbsent(List.of(a.model(), a.version()), k -> new ArrayList<>()));
    List<OutcomeSummary> business = outcomes.get();
    business.forEach(o -> byVersion.computeIfAbsent(List.of(o.model(), o.version()), k -> new ArrayList<>()));
    List<VersionStatus> versions = new ArrayList<>();
    byVersion.forEach((k, ws) -> {
      ws.sort(Comparator.comparingLong(WindowSummary::windowStart));
      List<WindowSummary> last = ws.subList(Math.max(0, ws.size() - windows), ws.size());
      List<PerformanceSummary> perf = figures.stream()
          .filter(p -> p.model().equals(k.get(0)) && p.version().equals(k.get(1))).toList();
      versions.add(new VersionStatus(k.get(0), k.get(1), List.of(instance), last, perf,
          compared.stream().filter(c -> c.model().equals(k.get(0)) && c.version().equals(k.get(1))).toList(),
          acts.stream().filter(a -> a.model().equals(k.get(0)) && a.version().equals(k.get(1))).toList(),
          business.stream().filter(o -> o.model().equals(k.get(0)) && o.version().equals(k.get(1))).toList()));
    });
    return new LocalModels(instance, state, error, versions);
  }

  private void readWindows(KafkaStreams ks, Map<List<String>, List<WindowSummary>> byVersion) {
    if (ks == null) {
      throw new StreamsNotStartedException("Kafka Streams is not created yet");
    }
    ReadOnlyKeyValueStore<Bytes, byte[]> summaries = ks.store(
        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<Bytes, byte[]>keyValueStore()));
    try (KeyValueIterator<Bytes, byte[]> it = summaries.all()) {
      while (it.hasNext()) {
        KeyValue<Bytes, byte[]> kv = it.next();
        WindowSummary w = SummaryCodec.decode(kv.value);
        byVersion.computeIfAbsent(List.of(w.model(), w.version()), k -> new ArrayList<>()).add(w);
      }
    }
  }
}
