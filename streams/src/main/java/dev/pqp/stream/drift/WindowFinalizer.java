package dev.pqp.stream.drift;

import dev.pqp.export.PipelineMetrics;
import dev.pqp.export.WindowOutputs;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.status.WindowSummary;
import dev.pqp.stream.VersionKey;
import dev.pqp.stream.WindowKey;
import dev.pqp.window.VersionTotals;
import dev.pqp.window.WindowEvaluator;
import dev.pqp.window.WindowOutcome;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Stage 2's processor, keyed by model: binds the stores and the clock to a {@link WindowCloser}, which does
 * the work, and is its {@link WindowSink}: forwards one {@link FinalizedWindow} per finalized window, hands
 * the outcome to {@link WindowOutputs} for the gauges (and, when the task starts, each version's latest window
 * again) and keeps the window's summary for the status page
 * ({@link StatusHistory}).
 */
final class WindowFinalizer implements Processor<String, StageOne, String, FinalizedWindow>, WindowSink {
  static final String WINDOWS = "stage2-windows";
  static final String MODELS = "stage2-models";
  static final String VERSIONS = "stage2-versions";

  private final Stage2Settings s;
  private final WindowEvaluator evaluator;
  private final WindowOutputs outputs;
  private final PipelineMetrics metrics;
  private final NullWarmer nulls;
  private ProcessorContext<String, FinalizedWindow> context;
  private WindowCloser closer;
  private StatusHistory status;
  private String owner;

  WindowFinalizer(Stage2Settings settings, WindowEvaluator evaluator, NullWarmer nulls, WindowOutputs outputs,
      PipelineMetrics metrics) {
    this.s = settings;
    this.nulls = nulls;
    this.evaluator = evaluator;
    this.outputs = outputs;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, FinalizedWindow> context) {
    this.context = context;
    this.status = new StatusHistory(context.getStateStore(StatusHistory.STORE), s.statusWindows(), s.retentionMs());
    // a revived task reuses this instance: a new core starts from the stores alone
    this.closer = new WindowCloser(s, evaluator, new WindowCloser.State(context.getStateStore(WINDOWS),
        context.getStateStore(MODELS), context.getStateStore(VERSIONS),
        new ProfileHistory(context.getStateStore(ProfileHistory.STORE), s.retentionMs()),
        ReferenceLookup.of(context, s.bins(), nulls::prepare)), this);
    this.owner = context.taskId().toString() + "@" + System.identityHashCode(this);
    context.schedule(Duration.ofSeconds(1), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    // the task starts on restored stores (a restart, or versions moved here from a crashed instance): their gauges
    // come back now, not at their next window
    closer.republish(context.currentSystemTimeMs());
  }

  @Override
  public void process(Record<String, StageOne> record) {
    closer.accept(record.key(), record.timestamp(), record.value(), context.currentSystemTimeMs());
  }

  private void punctuate(long wallMs) {
    closer.tick(wallMs);
    outputs.expire(wallMs, s.staleMs());
    status.sweep(wallMs);
  }

  @Override
  public void finalized(WindowKey window, WindowOutcome outcome, byte[] profile, VersionTotals totals,
      long firstSeenMs, long nowMs) {
    VersionKey v = window.version();
    long end = s.windows().end(window.start());
    context.forward(new Record<>(v.output(), new FinalizedWindow(v, window.start(), outputs.featureDrift(outcome),
        outputs.modelWindow(outcome), profile), end - 1));
    outputs.metrics(outcome, totals, firstSeenMs, owner, nowMs);
    status.keep(window, WindowSummary.of(outcome));
  }

  @Override
  public void restored(WindowOutcome outcome, VersionTotals totals, long firstSeenMs, long nowMs) {
    outputs.restored(outcome, totals, firstSeenMs, owner, nowMs);
  }

  @Override
  public void newestEvent(String model, String version, long eventMs, long nowMs) {
    outputs.newestEvent(model, version, eventMs, owner, nowMs);
  }

  @Override
  public void forgotten(VersionKey version) {
    status.forget(version);
  }

  @Override
  public void referenceReady(ReferenceProfile reference) {
    nulls.prepare(reference);
  }

  @Override
  public void droppedLate(long events) {
    metrics.latePartialDropped(events);
  }

  @Override
  public void overflowed(long features, long categories) {
    metrics.profileOverflow(features, categories);
  }

  @Override
  public void close() {
    outputs.release(owner); // the task moved away or the instance stops: its gauges go with it
  }
}
