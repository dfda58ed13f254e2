package dev.pqp.stream.groundtruth;

import dev.pqp.action.AccuracyDropRule;
import dev.pqp.action.VersionAccuracy;
import dev.pqp.export.ActionMetrics;
import dev.pqp.export.PerformanceGauges;
import dev.pqp.outcome.BusinessOutcomes;
import dev.pqp.outcome.CbpeEstimate;
import dev.pqp.outcome.Performance;
import dev.pqp.outcome.PositiveClass;
import dev.pqp.schema.Action;
import dev.pqp.stream.Windows;
import dev.pqp.stream.groundtruth.JoinRecords.Out;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
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
public final class PerformanceAggregator implements Processor<String, Out, String, SpecificRecordBase>,
    PerformanceSink {
  static final String WINDOWS = "performance-windows";
  static final String TIME = "performance-time";
  /** The aggregation's configuration, shared by the tasks of an instance. */
  record Settings(Windows windows, long maxDelayMs, Duration emitInterval, double sampleRate, int minLabels,
      PositiveClass positiveClass, List<Duration> horizons, int estimateMinLabels, AccuracyDropRule accuracyDrop,
      long forgetAfterMs) {}

  private final Settings s;
  private final PerformanceGauges gauges;
  private final ActionMetrics actionMetrics;
  private ProcessorContext<String, SpecificRecordBase> context;
  private PerformanceBook book;
  private AccuracyActions actions;
  private String owner;

  PerformanceAggregator(Settings settings, PerformanceGauges gauges, ActionMetrics actionMetrics) {
    this.s = settings;
    this.gauges = gauges;
    this.actionMetrics = actionMetrics;
  }

  static String versionKey(String model, String version) {
    return model + "/" + version;
  }

  public static String windowKey(String model, String version, long start) {
    return model + "/" + version + "/" + start;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecordBase> context) {
    this.context = context;
    this.book = new PerformanceBook(s, context.getStateStore(WINDOWS), context.getStateStore(TIME), this);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    this.actions = new AccuracyActions(context.getStateStore(AccuracyActions.STORE), actionMetrics,
        new VersionAccuracy.Settings(s.accuracyDrop(), s.minLabels(), s.estimateMinLabels(), s.forgetAfterMs()));
    actions.showAll(owner, context.currentSystemTimeMs());
    context.schedule(s.emitInterval(), PunctuationType.WALL_CLOCK_TIME, t -> {
      book.emit(t);
      actions.showAll(owner, t);
    });
    book.restored(context.currentSystemTimeMs()); // the task starts on restored stores: their figures show now
  }

  @Override
  public void process(Record<String, Out> record) {
    book.accept(record.value(), record.timestamp());
  }

  @Override
  public void window(PerformanceWindow w, Performance p, CbpeEstimate estimate, long timestamp) {
    context.forward(new Record<>(windowKey(w.model, w.version, w.start),
        PerformanceRecords.of(w, p, estimate, s.windows(), s.sampleRate(), s.minLabels()), timestamp));
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

  /** The accuracy-drop records the sealed window causes, stamped with the time it was sealed at (its end and max-delay). */
  @Override
  public void sealed(PerformanceWindow w, long windowEnd, Performance p) {
    for (Action a : actions.sealed(w, windowEnd, p, owner, context.currentSystemTimeMs())) {
      context.forward(new Record<>(versionKey(w.model, w.version), a, windowEnd + s.maxDelayMs()));
    }
  }

  @Override
  public void expire(long wallMs) {
    gauges.expire(wallMs, s.maxDelayMs());
  }

  @Override
  public void close() {
    gauges.release(owner);
    actionMetrics.release(owner);
  }
}
