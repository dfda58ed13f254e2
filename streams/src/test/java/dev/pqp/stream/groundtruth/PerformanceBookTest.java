package dev.pqp.stream.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Outcome;
import dev.pqp.outcome.Performance;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.stream.Windows;
import dev.pqp.topology.store.MapTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The performance aggregation's core without Kafka: plain tables and a sink that records what it is shown.
 * Windows of 10 s, max delay 20 s, realized figures from 3 labels, a horizon of 1 minute.
 */
class PerformanceBookTest {
  private final MapTable<String, PerformanceWindow> open = new MapTable<>();
  private final MapTable<AggregationKey, Long> time = new MapTable<>();
  private final Sink sink = new Sink();
  private static final PerformanceAggregator.Settings SETTINGS = new PerformanceAggregator.Settings(
      new Windows(10_000, 0), 20_000, Duration.ofSeconds(1), 1.0, 3, PositiveClass.of("1", "true"),
      List.of(Duration.ofMinutes(1)), 50, dev.pqp.action.AccuracyDropRule.DEFAULT, Long.MAX_VALUE);
  private final PerformanceBook book = new PerformanceBook(SETTINGS, open, time, sink);

  private void joined(long predictionMs, double score, String truth) {
    book.accept(new JoinRecords.Joined("m", "v1", Outcome.binary(predictionMs, predictionMs + 500, score, truth)),
        predictionMs);
  }

  @Test
  void shouldShowAWindowsRealizedFiguresAndItsHorizonOnlyFromTheMinimumOfLabels() {
    joined(1_000, 0.9, "1");
    joined(2_000, 0.2, "0");
    book.emit(100);
    assertThat(sink.records).containsExactly("0: 2 labelled");
    assertThat(sink.realized).isEmpty();
    assertThat(sink.horizons).containsExactly("cleared PT1M");

    joined(3_000, 0.8, "0");
    book.emit(200);
    assertThat(sink.records).containsExactly("0: 2 labelled", "0: 3 labelled");
    assertThat(sink.realized).containsExactly("0: accuracy 0.6667");
    assertThat(sink.horizons).containsExactly("cleared PT1M", "PT1M: 3 labelled");
    assertThat(time.get(AggregationKey.Time.STREAM_TIME)).isEqualTo(3_000);
  }

  @Test
  void shouldKeepAWindowUntilEveryReportingJoinTaskSealedIt() {
    book.accept(new JoinRecords.Progress(0, 5_000), 5_000);
    joined(1_000, 0.9, "1");
    book.emit(100);
    book.accept(new JoinRecords.Progress(1, 30_000), 30_000);
    book.emit(200);
    assertThat(open.map).hasSize(1);
    assertThat(sink.sealed).isEmpty();
    book.accept(new JoinRecords.Progress(0, 30_000), 30_000);
    assertThat(sink.sealed).as("handed over once sealed, with its final figures").containsExactly("0-10000: 1 labelled");
    book.emit(300);
    assertThat(open.map).isEmpty();
    assertThat(time.get(AggregationKey.Time.SEALED)).isEqualTo(30_000);
    book.accept(new JoinRecords.Progress(0, 40_000), 40_000);
    book.accept(new JoinRecords.Progress(1, 40_000), 40_000);
    assertThat(sink.sealed).as("once").hasSize(1);
  }

  /** Windows sealed together are handed over by start, across versions: the order every pace of the seal gives. */
  @Test
  void shouldHandSealedWindowsOverInOrderOfStartAcrossVersions() {
    for (String version : new String[] {"v2", "v1"}) {
      for (long start : new long[] {0, 10_000}) {
        book.accept(new JoinRecords.Joined("m", version, Outcome.binary(start + 1_000, start + 1_500, 0.9, "1")),
            start + 1_000);
      }
    }
    book.accept(new JoinRecords.Progress(0, 60_000), 60_000);
    assertThat(sink.sealed).containsExactly("0-10000: 1 labelled", "0-10000: 1 labelled", "10000-20000: 1 labelled",
        "10000-20000: 1 labelled");
    assertThat(sink.sealedVersions).containsExactly("v1", "v2", "v1", "v2");
  }

  /**
   * A task started on the restored stores shows the latest realized window (not an earlier one, not one short of
   * labels) and the horizons at once, and writes nothing.
   */
  @Test
  void shouldShowTheLatestRealizedFiguresAgainWhenATaskStartsOnItsStores() {
    for (int i = 0; i < 3; i++) {
      joined(1_000 + i, 0.9, "1"); // window 0: 3 of 3 right
    }
    joined(11_000, 0.9, "0");
    joined(11_001, 0.9, "1");
    joined(11_002, 0.2, "0"); // window 10 000: 2 of 3 right
    joined(21_000, 0.9, "1"); // window 20 000: 1 label, short of 3
    book.emit(100);
    Sink restarted = new Sink();
    new PerformanceBook(SETTINGS, open, time, restarted).restored(200);
    assertThat(restarted.realized).containsExactly("10000: accuracy 0.6667");
    assertThat(restarted.horizons).containsExactly("PT1M: 7 labelled");
    assertThat(restarted.records).as("nothing written").isEmpty();
  }

  /** Records what the aggregation shows. */
  private static final class Sink implements PerformanceSink {
    final List<String> records = new ArrayList<>();
    final List<String> realized = new ArrayList<>();
    final List<String> horizons = new ArrayList<>();
    final List<String> sealed = new ArrayList<>();
    final List<String> sealedVersions = new ArrayList<>();

    @Override
    public void sealed(PerformanceWindow w, long windowEnd, Performance p) {
      sealed.add(w.start + "-" + windowEnd + ": " + p.labelled() + " labelled");
      sealedVersions.add(w.version);
    }

    @Override
    public void window(PerformanceWindow w, Performance p, CbpeEstimate estimate, long timestamp) {
      records.add(w.start + ": " + p.labelled() + " labelled");
    }

    @Override
    public void realized(PerformanceWindow w, Performance p, long wallMs) {
      realized.add(String.format(java.util.Locale.ROOT, "%d: accuracy %.4f", w.start, p.binary().accuracy()));
    }

    @Override
    public void estimate(PerformanceWindow w, CbpeEstimate estimate, long wallMs) {}

    @Override
    public void clearEstimate(String model, String version) {}

    @Override
    public void horizon(String model, String version, Duration horizon, Performance p, long wallMs) {
      horizons.add(horizon + ": " + p.labelled() + " labelled");
    }

    @Override
    public void clearHorizon(String model, String version, Duration horizon) {
      horizons.add("cleared " + horizon);
    }

    @Override
    public void business(String model, String version, Duration horizon,
        List<dev.pqp.outcome.BusinessOutcomes.Figures> figures, long wallMs) {}

    @Override
    public void clearBusiness(String model, String version, Duration horizon) {}

    @Override
    public void expire(long wallMs) {}
  }
}
