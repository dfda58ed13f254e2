package dev.pqp.topology;

import dev.pqp.event.Event;
import dev.pqp.export.CardinalityGuard;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.RejectReason;
import dev.pqp.ingest.Rejection;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Consumes raw input records (bytes) and emits, downstream, either the decoded, validated {@link Event}
 * or a {@link DeadLetters.Value}: the rejected record unchanged, with reason headers. Every record in is
 * counted once and ends up as exactly one of the two: an exception the decoder did not expect (a bug, or a
 * library failing in a way it does not declare) is a {@code processing_error} rejection of that record,
 * never an exception for Kafka Streams' handler, which would dead-letter it without a reason and uncounted.
 */
final class DecodeProcessor implements Processor<byte[], byte[], byte[], Object> {
  private final Supplier<EventDecoder> decoders;
  private final PipelineMetrics metrics;
  private final CardinalityGuard guard;
  private ProcessorContext<byte[], Object> context;
  private EventDecoder decoder;

  DecodeProcessor(Supplier<EventDecoder> decoders, PipelineMetrics metrics, CardinalityGuard guard) {
    this.decoders = decoders;
    this.metrics = metrics;
    this.guard = guard;
  }

  @Override
  public void init(ProcessorContext<byte[], Object> context) {
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
      reject(record, r, source);
      return;
    } catch (RuntimeException | StackOverflowError e) {
      reject(record, new Rejection(RejectReason.PROCESSING_ERROR, "decoding failed unexpectedly: " + e), source);
      return;
    }
    VersionKey key = VersionKey.of(event);
    String model = key == null ? null : key.model();
    String version = key == null ? null : key.version();
    if (model != null && !guard.admit(model, version, context.currentSystemTimeMs())) {
      metrics.event(CardinalityGuard.OVERFLOW, CardinalityGuard.OVERFLOW, event.type());
      return; // counted as overflow, not profiled: bounded memory and bounded Prometheus series
    }
    metrics.event(model, version, event.type());
    context.forward(new Record<>(record.key(), event, event.timestampMs(), record.headers()));
  }

  private void reject(Record<byte[], byte[]> record, Rejection why, RecordMetadata source) {
    metrics.rejected(source.topic(), why.reason().code());
    context.forward(DeadLetters.of(record, why, source));
  }
}
