package dev.pqp.stream.groundtruth;

import dev.pqp.export.PerformanceGauges;
import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.stream.Windows;
import dev.pqp.stream.groundtruth.JoinRecords.Out;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The performance aggregation's processor, keyed {@code model/version}: binds its stores and the wall clock
 * to a {@link PerformanceBook}, which keeps the figures of each window, and is its {@link PerformanceSink}:
 * forwards one {@code ml.quality.performance} record per changed window ({@link PerformanceRecords}) and
 * shows the latest figures on the {@link PerformanceGauges}.
 */
public final class PerformanceAggregator implements Processor<String, Out, String, dev.pqp.schema.Performance>,
    PerformanceSink {
  static final String WINDOWS = "performance-windows";
  static final String TIME = "performance-time";
  /** The aggregation's configuration, shared by the tasks of an instance. */
  record Settings(Windows windows, long maxDelayMs, Duration emitInterval, double sampleRate, int minLabels,
      PositiveClass positiveClass, List<Duration> horizons, int estimateMinLabels) {}

  private final Settings s;
  private final PerformanceGauges gauges;
  private ProcessorContext<String, dev.pqp.schema.Performance> context;
  private PerformanceBook book;
  private String owner;

  PerformanceAggregator(Settings settings, PerformanceGauges gauges) {
    this.s = settings;
    this.gauges = gauges;
  }

  static String versionKey(String model, String version) {
    return model + "/" + version;
  }

  public static String windowKey(String model, String version, long start) {
    return model + "/" + version + "/" + start;
  }

  @Override
  public void init(ProcessorContext<String, dev.pqp.schema.Performance> context) {
    this.context = context;
    this.book = new PerformanceBook(s, context.getStateStore(WINDOWS), context.getStateStore(TIME), this);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    context.schedule(s.emitInterval(), PunctuationType.WALL_CLOCK_TIME, book::emit);
    book.restored(context.currentSystemTimeMs()); // the task starts on restored stores: their figures show now
  }

  @Override
  public void process(Record<String, Out> record) {
    book.accept(record.value(), record.timestamp());
  }

  @Override
  public void window(PerformanceWindow w, Performance p, CbpeEstimate estimate, long timestamp) {
    context.forward(new Record<>(windowKey(w.model, w.version, w.start),
        PerformanceRecords.of(w, p, estimate, s.windows(), s.sampleRate()), timestamp));
  }

  @Override
  public void realized(PerformanceWindow w, Performance p, long wallMs) {
    gauges.update(w.model, w.version, w.start, p, owner, wallMs);
  }

  @Override
  public void estimate(PerformanceWindow w, CbpeEstimate estimate, long wallMs) {
    gauges.estimate(w.model, w.version, w.start, estimate, owner, wallMs);
  }

  @Override
  public void clearEstimate(String model, String version) {
    gauges.clearEstimate(model, version);
  }

  @Override
  public void horizon(String model, String version, Duration horizon, Performance p, long wallMs) {
    gauges.horizon(model, version, horizon, p, owner, wallMs);
  }

  @Override
  public void clearHorizon(String model, String version, Duration horizon) {
    gauges.clearHorizon(model, version, horizon);
  }

  @Override
  public void business(String model, String version, Duration horizon, List<BusinessOutcomes.Figures> figures,
      long wallMs) {
    gauges.outcomes(model, version, horizon, figures, owner, wallMs);
  }

  @Override
  public void clearBusiness(String model, String version, Duration horizon) {
    gauges.clearOutcomes(model, version, horizon);
  }

  @Override
  public void expire(long wallMs) {
    gauges.expire(wallMs, s.maxDelayMs());
  }

  @Override
  public void close() {
    gauges.release(owner);
  }
}
