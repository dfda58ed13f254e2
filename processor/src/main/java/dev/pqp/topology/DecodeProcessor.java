package dev.pqp.topology;

import dev.pqp.event.Event;
import dev.pqp.event.FeatureLog;
import dev.pqp.event.Prediction;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.Rejection;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Consumes raw input records (bytes), emits decoded, validated {@link Event}s to the child
 * {@code eventsChild} and rejected records, unchanged and with reason headers, to {@code deadLetterChild}.
 * Every record in is counted once, and ends up either as one event or as one dead letter.
 */
final class DecodeProcessor implements Processor<byte[], byte[], Object, Object> {
  private final Supplier<EventDecoder> decoders;
  private final PipelineMetrics metrics;
  private final String eventsChild;
  private final String deadLetterChild;
  private ProcessorContext<Object, Object> context;
  private EventDecoder decoder;

  DecodeProcessor(Supplier<EventDecoder> decoders, PipelineMetrics metrics, String eventsChild, String deadLetterChild) {
    this.decoders = decoders;
    this.metrics = metrics;
    this.eventsChild = eventsChild;
    this.deadLetterChild = deadLetterChild;
  }

  @Override
  public void init(ProcessorContext<Object, Object> context) {
    this.context = context;
    this.decoder = decoders.get();
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    metrics.recordIn(source.topic());
    Event event;
    try {
      event = decoder.decode(record.value(), record.timestamp(), context.currentSystemTimeMs());
    } catch (Rejection r) {
      metrics.rejected(source.topic(), r.reason().code());
      context.forward(DeadLetters.of(record, r, source), deadLetterChild);
      return;
    }
    if (event instanceof Prediction p) {
      metrics.event(p.modelName(), p.modelVersion(), p.type());
    } else if (event instanceof FeatureLog f) {
      metrics.event(f.modelName(), f.modelVersion(), f.type());
    } else {
      metrics.event(null, null, event.type());
    }
    if (eventsChild != null) {
      context.forward(new Record<>(record.key(), event, event.timestampMs(), record.headers()), eventsChild);
    }
  }
}
