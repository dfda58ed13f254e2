package dev.pqp.stream.ingest;

import dev.pqp.event.Event;
import dev.pqp.export.CardinalityGuard;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.RejectReason;
import dev.pqp.ingest.Rejection;
import dev.pqp.stream.VersionKey;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Consumes raw input records (bytes) of one input topic and emits, downstream, one {@link Decoded} per
 * record: the decoded, validated event of type {@code E}, or the rejected record unchanged, with reason
 * headers ({@link DeadLetters}). Every record in is
 * counted once and ends up as exactly one of the two: an exception the decoder did not expect (a bug, or a
 * library failing in a way it does not declare) is a {@code processing_error} rejection of that record,
 * never an exception for Kafka Streams' handler, which would dead-letter it without a reason and uncounted.
 */
public final class DecodeProcessor<E extends Event> implements Processor<byte[], byte[], byte[], Decoded<E>> {
  private final Supplier<EventDecoder> decoders;
  private final Class<E> type;
  private final Function<? super E, VersionKey> versionOf;
  private final PipelineMetrics metrics;
  private final CardinalityGuard guard;
  private ProcessorContext<byte[], Decoded<E>> context;
  private EventDecoder decoder;
  private RecentVersions recent;
  /** The topic of the last record and its counter: a task reads one or two topics. */
  private String lastTopic;
  private PipelineMetrics.Tally lastTopicRecords;

  /**
   * {@code type} is what {@code decoders} give for this topic; {@code versionOf} the version an event is
   * counted under (null for an event of no model), which the {@link CardinalityGuard} admits or not.
   */
  public DecodeProcessor(Supplier<EventDecoder> decoders, Class<E> type, Function<? super E, VersionKey> versionOf,
      PipelineMetrics metrics, CardinalityGuard guard) {
    this.decoders = decoders;
    this.type = type;
    this.versionOf = versionOf;
    this.metrics = metrics;
    this.guard = guard;
  }

  @Override
  public void init(ProcessorContext<byte[], Decoded<E>> context) {
    this.context = context;
    this.decoder = decoders.get();
    this.recent = new RecentVersions(guard, metrics);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    if (!source.topic().equals(lastTopic)) {
      lastTopic = source.topic();
      lastTopicRecords = metrics.recordsTally(lastTopic);
    }
    lastTopicRecords.increment();
    E event;
    try {
      event = type.cast(decoder.decode(record.value(), record.timestamp(), context.currentSystemTimeMs()));
    } catch (Rejection r) {
      reject(record, r, source);
      return;
    } catch (RuntimeException | StackOverflowError e) {
      reject(record, new Rejection(RejectReason.PROCESSING_ERROR, "decoding failed unexpectedly: " + e), source);
      return;
    }
    VersionKey key = versionOf.apply(event);
    String model = key == null ? null : key.model();
    String version = key == null ? null : key.version();
    if (model == null) {
      metrics.event(null, null, event.type());
    } else if (!recent.admit(model, version, event.type(), context.currentSystemTimeMs())) {
      metrics.event(CardinalityGuard.OVERFLOW, CardinalityGuard.OVERFLOW, event.type());
      return; // counted as overflow, not profiled: bounded memory and bounded Prometheus series
    }
    context.forward(new Record<>(record.key(), new Decoded.Accepted<>(event), event.timestampMs(), record.headers()));
  }

  private void reject(Record<byte[], byte[]> record, Rejection why, RecordMetadata source) {
    metrics.rejected(source.topic(), why.reason().code());
    context.forward(DeadLetters.of(record, why, source));
  }
}
