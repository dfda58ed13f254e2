package dev.pqp.ingest;

import dev.pqp.config.Limits;
import dev.pqp.event.Event;

/**
 * Turns the raw value of one input record into a validated {@link Event}, whatever its wire format, or
 * throws a {@link Rejection}. One instance per stream task: it reuses Avro decoders and is not thread-safe.
 *
 * <p>JSON is read by {@link FastJsonEventReader}, which leaves what it does not read, and every record to reject,
 * to {@link JsonEventReader} (Jackson): the same events and the same rejections as Jackson alone, faster.
 */
public final class EventDecoder {
  /** Which readers decode JSON. */
  public enum JsonReading {
    /** The byte-level reader, and Jackson for what it leaves: the default. */
    FAST,
    /** Jackson alone, as before the byte-level reader: for comparisons (the benchmark, the equivalence tests). */
    JACKSON
  }

  private final EventType type;
  private final Limits limits;
  private final Validator validator;
  private final FastJsonEventReader fastJson;
  private final JsonEventReader json = new JsonEventReader();
  private final AvroEventReader avro;
  private long jsonFallbacks;

  public EventDecoder(EventType type, Limits limits, WriterSchemas writerSchemas) {
    this(type, limits, writerSchemas, JsonReading.FAST);
  }

  public EventDecoder(EventType type, Limits limits, WriterSchemas writerSchemas, JsonReading jsonReading) {
    this.type = type;
    this.limits = limits;
    this.validator = new Validator(limits);
    this.fastJson = jsonReading == JsonReading.FAST ? new FastJsonEventReader() : null;
    this.avro = new AvroEventReader(writerSchemas);
  }

  public EventType type() {
    return type;
  }

  /** Decodes and validates; {@code recordTimestampMs} stands in for an absent event time. */
  public Event decode(byte[] value, long recordTimestampMs, long nowMs) {
    if (value == null || value.length == 0) {
      throw new Rejection(RejectReason.EMPTY_RECORD, "record has no value (a tombstone or an empty message)");
    }
    if (value.length > limits.maxRecordBytes()) {
      throw new Rejection(RejectReason.OVERSIZED, "record has " + value.length
          + " bytes, more than limits.max-record-bytes = " + limits.maxRecordBytes());
    }
    WireFormat format = WireFormat.detect(value);
    Event event = switch (format) {
      case JSON -> readJson(value, recordTimestampMs);
      case AVRO_CONFLUENT -> avro.readConfluent(value, type, recordTimestampMs);
      case AVRO_SINGLE_OBJECT -> avro.readSingleObject(value, type, recordTimestampMs);
      case UNKNOWN -> throw new Rejection(RejectReason.UNKNOWN_FORMAT, "first byte 0x"
          + String.format("%02x", value[0] & 0xff)
          + " is none of JSON '{', Confluent Avro 0x00, Avro single-object 0xc3 0x01");
    };
    validator.validate(event, nowMs);
    return event;
  }

  /** JSON records so far that the byte-level reader left to Jackson (all of them with {@link JsonReading#JACKSON}). */
  public long jsonFallbacks() {
    return jsonFallbacks;
  }

  private Event readJson(byte[] value, long recordTimestampMs) {
    Event event = fastJson == null ? null : fastJson.read(value, type, recordTimestampMs);
    if (event != null) {
      return event;
    }
    jsonFallbacks++;
    return json.read(value, type, recordTimestampMs);
  }
}
