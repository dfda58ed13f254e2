package dev.pqp.stream.ingest;

import dev.pqp.ingest.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Builds the dead-letter copy of a rejected record: the original key, value, timestamp and headers, plus
 * headers that say why and where it came from.
 */
public final class DeadLetters {
  public static final String REASON = "pqp.reason";
  public static final String MESSAGE = "pqp.message";
  public static final String SOURCE_TOPIC = "pqp.source.topic";
  public static final String SOURCE_PARTITION = "pqp.source.partition";
  public static final String SOURCE_OFFSET = "pqp.source.offset";
  /** A reason message longer than this is cut (a hostile record must not make its dead letter huge). */
  public static final int MAX_MESSAGE_CHARS = 1_000;

  private DeadLetters() {}

  static <E extends dev.pqp.event.Event> Record<byte[], Decoded<E>> of(Record<byte[], byte[]> original, Rejection why, RecordMetadata source) {
    Headers headers = new RecordHeaders(original.headers().toArray());
    put(headers, REASON, why.reason().code());
    put(headers, MESSAGE, capped(why.getMessage()));
    put(headers, SOURCE_TOPIC, source.topic());
    put(headers, SOURCE_PARTITION, Integer.toString(source.partition()));
    put(headers, SOURCE_OFFSET, Long.toString(source.offset()));
    return new Record<>(original.key(), new Decoded.Rejected<>(original.value()), original.timestamp(), headers);
  }

  static String capped(String message) {
    if (message == null || message.length() <= MAX_MESSAGE_CHARS) {
      return message;
    }
    int end = MAX_MESSAGE_CHARS - 1;
    if (Character.isHighSurrogate(message.charAt(end - 1))) {
      end--; // never half a character
    }
    return message.substring(0, end) + "\u2026";
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key); // a record dead-lettered twice keeps only the latest reason
    headers.add(key, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
  }
}
