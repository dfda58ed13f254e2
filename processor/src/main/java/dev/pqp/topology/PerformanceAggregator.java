package dev.pqp.topology;

import dev.pqp.export.PerformanceGauges;
import dev.pqp.outcome.Performance;
import dev.pqp.outcome.PerformanceMetrics;
import dev.pqp.outcome.PerformanceProfile;
import dev.pqp.topology.JoinRecords.Counted;
import dev.pqp.topology.JoinRecords.Joined;
import dev.pqp.topology.store.HeapStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Performance per (model, version, prediction-time window), keyed {@code model/version/windowStart}:
 * consumes what {@link GroundTruthJoin} emits, adds outcomes to the window's {@link PerformanceProfile} and
 * counts its predictions. Every {@code emitInterval} of wall-clock time it emits, for each window that got
 * labels since its last record, one {@code ml.quality.performance} record with the figures so far (an
 * upsert, so a window's figures converge as its labels arrive) and hands them to the
 * {@link PerformanceGauges}. A window is dropped when this task's stream time passed its end by
 * {@code maxDelay}: no label can reach it any more.
 */
final class PerformanceAggregator implements Processor<String, byte[], String, Object> {
  static final String WINDOWS = "performance-windows";
  static final String TIME = "performance-time";
  private static final String STREAM_TIME = "stream-time";

  /** Everything an aggregator needs besides its stores. */
  record Settings(Windows windows, long maxDelayMs, Duration emitInterval, double sampleRate, int minLabels,
      PerformanceGauges gauges) {}

  private final Settings s;
  private ProcessorContext<String, Object> context;
  private HeapStore<String, PerformanceWindow> open;
  private HeapStore<String, Long> time;
  private String owner;

  PerformanceAggregator(Settings settings) {
    this.s = settings;
  }

  static String windowKey(String model, String version, long start) {
    return model + "/" + version + "/" + start;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.open = context.getStateStore(WINDOWS);
    this.time = context.getStateStore(TIME);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    context.schedule(s.emitInterval(), PunctuationType.WALL_CLOCK_TIME, this::emit);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    Long t = time.get(STREAM_TIME);
    if (t == null || record.timestamp() > t) {
      time.put(STREAM_TIME, record.timestamp());
    }
    if (JoinRecords.tag(record.value()) == JoinRecords.COUNTED) {
      Counted c = JoinRecords.decodeCounted(record.value());
      PerformanceWindow w = window(record.key(), c.model(), c.version(), c.timeMs());
      w.predictions++;
      if (c.sampled()) {
        w.sampledPredictions++;
      }
    } else {
      Joined j = JoinRecords.decodeJoined(record.value());
      PerformanceWindow w = window(record.key(), j.model(), j.version(), j.outcome().predictionTimeMs());
      w.profile.add(j.outcome());
      w.unemitted = true;
    }
    open.markDirty(record.key());
  }

  private PerformanceWindow window(String key, String model, String version, long predictionMs) {
    PerformanceWindow w = open.get(key);
    if (w == null) {
      w = new PerformanceWindow(model, version, s.windows().start(predictionMs), PerformanceProfile.create());
      open.put(key, w);
    }
    return w;
  }

  private void emit(long wallMs) {
    Long streamTime = time.get(STREAM_TIME);
    List<String> keys = new ArrayList<>(open.keys());
    keys.sort(null); // a stable order of records
    for (String key : keys) {
      PerformanceWindow w = open.get(key);
      if (w.unemitted) {
        Performance p = PerformanceMetrics.of(w.profile, w.sampledPredictions);
        context.forward(new Record<>(key, PerformanceRecords.of(w, p, s.windows(), s.sampleRate()),
            streamTime == null ? wallMs : streamTime));
        if (w.profile.labelled() >= s.minLabels()) {
          s.gauges().update(w.model, w.version, w.start, p, owner, wallMs);
        }
        w.unemitted = false;
        open.markDirty(key);
      }
      if (streamTime != null && s.windows().end(w.start) + s.maxDelayMs() < streamTime) {
        open.delete(key);
      }
    }
    s.gauges().expire(wallMs, s.maxDelayMs());
  }

  @Override
  public void close() {
    s.gauges().release(owner);
  }
}
