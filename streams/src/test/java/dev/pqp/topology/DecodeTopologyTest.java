package dev.pqp.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.PqpConfig;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.RejectReason;
import dev.pqp.ingest.Rejection;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.Prediction;
import dev.pqp.schema.PredictionEvent;
import dev.pqp.stream.ingest.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decode stage of the topology: every input record is either one valid event (counted) or one
 * dead letter (unchanged, with reason and source headers), on all three input topics and all wire formats.
 */
class DecodeTopologyTest {
  private static final long NOW = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
  private static final long EVENT_TIME = NOW - 600_000L;
  private static final int SCHEMA_ID = 7;
  private static final int BROKEN_ID = 13;
  private static final String PREDICTIONS = "ml.predictions";
  private static final String FEATURES = "ml.features";
  private static final String GROUND_TRUTH = "ml.ground-truth";
  private static final String DEAD_LETTER = "ml.quality.dead-letter";

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> predictions;
  private TestInputTopic<byte[], byte[]> features;
  private TestInputTopic<byte[], byte[]> groundTruth;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void startDriver() {
    PqpConfig config = TestTopologies.config(Map.of());
    WriterSchemas registry = id -> {
      if (id == SCHEMA_ID) {
        return PredictionEvent.getClassSchema();
      }
      if (id == BROKEN_ID) { // a lookup that fails in a way it does not declare, as a bug would
        throw new IllegalStateException("registry client bug: " + "x".repeat(5_000));
      }
      throw new Rejection(RejectReason.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the test registry");
    };
    driver = TestTopologies.driver(config, new PipelineMetrics(meters), registry, Instant.ofEpochMilli(NOW));
    predictions = input(config.topics().predictions());
    features = input(config.topics().features());
    groundTruth = input(config.topics().groundTruth());
    deadLetters = driver.createOutputTopic(config.topics().deadLetter(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    assertThat(List.of(config.topics().predictions(), config.topics().features(), config.topics().groundTruth(),
        config.topics().deadLetter())).containsExactly(PREDICTIONS, FEATURES, GROUND_TRUTH, DEAD_LETTER);
  }

  @AfterEach
  void closeDriver() {
    driver.close();
    meters.close();
  }

  private TestInputTopic<byte[], byte[]> input(String topic) {
    return driver.createInputTopic(topic, new ByteArraySerializer(), new ByteArraySerializer());
  }

  // ---- inputs

  private static PredictionEvent prediction(String id, String version) {
    return PredictionEvent.newBuilder()
        .setPredictionId(id).setModelName("claims-risk").setModelVersion(version).setTimestamp(EVENT_TIME)
        .setFeatures(Map.of("age", 40L, "region", "north"))
        .setPrediction(Prediction.newBuilder().setScore(0.4).setLabel("0").build())
        .build();
  }

  private static byte[] json(String id, String version) {
    return ("{\"prediction_id\": \"" + id + "\", \"model_name\": \"claims-risk\", \"model_version\": \"" + version
        + "\", \"timestamp\": " + EVENT_TIME + ", \"features\": {\"age\": 40}, \"prediction\": {\"score\": 0.4}}").getBytes(UTF_8);
  }

  private static byte[] confluent(int id, SpecificRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
    try {
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, enc);
      enc.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] singleObject(PredictionEvent e) {
    try {
      return toArray(e.toByteBuffer());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static byte[] singleObject(GroundTruthEvent e) {
    try {
      return toArray(e.toByteBuffer());
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(UTF_8);
  }

  private static Headers headers(String traceId) {
    return new RecordHeaders().add("trace-id", utf8(traceId));
  }

  /** One input record and, for a bad one, the reason it must be dead-lettered with. */
  private record In(String topic, String key, byte[] value, RejectReason expected) {}

  private void pipe(In in, long offset) {
    TestInputTopic<byte[], byte[]> topic = switch (in.topic) {
      case PREDICTIONS -> predictions;
      case FEATURES -> features;
      default -> groundTruth;
    };
    topic.pipeInput(new TestRecord<>(in.key == null ? null : utf8(in.key), in.value, headers("t-" + in.topic + "-" + offset),
        Instant.ofEpochMilli(EVENT_TIME + offset)));
  }

  /** A mix of every wire format and of bad records, in the order the test pipes them, offsets from 0 per topic. */
  private static List<In> mixedInput() {
    return List.of(
        new In(PREDICTIONS, "p-0", json("p-0", "v1"), null),
        new In(PREDICTIONS, "p-1", confluent(SCHEMA_ID, prediction("p-1", "v2")), null),
        new In(PREDICTIONS, "p-2", singleObject(prediction("p-2", "v1")), null),
        new In(PREDICTIONS, "p-3", utf8("hello"), RejectReason.UNKNOWN_FORMAT),
        new In(PREDICTIONS, "p-4", utf8("{\"prediction_id\": \"p-4\", \"features\": {\"income\": 5"), RejectReason.MALFORMED_JSON),
        new In(PREDICTIONS, "p-5", utf8("{\"prediction_id\": \"p-5\", \"model_name\": \"claims-risk\", \"model_version\": \"v1\","
            + " \"features\": {\"income\": NaN}, \"prediction\": {\"score\": 0.4}}"), RejectReason.NON_FINITE),
        new In(PREDICTIONS, "p-6", null, RejectReason.EMPTY_RECORD),
        new In(PREDICTIONS, null, json("p-7", "v1"), null),
        new In(PREDICTIONS, "p-8", confluent(99, prediction("p-8", "v2")), RejectReason.UNKNOWN_SCHEMA_ID),
        new In(PREDICTIONS, "p-9", singleObject(prediction("p-9", "v2")), null),
        new In(FEATURES, "f-0", utf8("{\"model_name\": \"claims-risk\", \"model_version\": \"v1\", \"features\": {\"age\": 3}}"), null),
        new In(FEATURES, "f-1", utf8("{\"model_version\": \"v1\", \"features\": {\"age\": 3}}"), RejectReason.MISSING_FIELD),
        new In(GROUND_TRUTH, "p-0", utf8("{\"prediction_id\": \"p-0\", \"label\": 1}"), null),
        new In(GROUND_TRUTH, "p-1", singleObject(GroundTruthEvent.newBuilder().setPredictionId("p-1").setLabel("0").build()), null),
        new In(GROUND_TRUTH, "p-2", utf8("{\"prediction_id\": \"p-2\", \"timestamp\": 1767225000, \"label\": \"1\"}"),
            RejectReason.ABSURD_TIMESTAMP));
  }

  /** Pipes the mixed input and returns, per record, the offset it got on its topic. */
  private List<Long> pipeMixedInput(List<In> input) {
    Map<String, long[]> next = Map.of(PREDICTIONS, new long[1], FEATURES, new long[1], GROUND_TRUTH, new long[1]);
    List<Long> offsets = new ArrayList<>();
    for (In in : input) {
      long offset = next.get(in.topic)[0]++;
      offsets.add(offset);
      pipe(in, offset);
    }
    return offsets;
  }

  // ---- metrics

  private double count(String name, String... tags) {
    Counter c = meters.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private double sum(String name) {
    return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static String header(TestRecord<byte[], byte[]> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), UTF_8);
  }

  // ---- tests

  @Test
  void shouldCountEveryRecordOnceAsEitherAValidEventOrADeadLetter() {
    List<In> input = mixedInput();
    pipeMixedInput(input);

    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();

    long bad = input.stream().filter(in -> in.expected != null).count();
    assertThat(bad).isEqualTo(7);
    assertThat(sum("pqp.records")).isEqualTo(15.0);
    assertThat(sum("pqp.events")).isEqualTo(8.0);
    assertThat(dead).hasSize(7);
    assertThat(sum("pqp.records.rejected")).isEqualTo(7.0);
    assertThat(sum("pqp.records")).isEqualTo(sum("pqp.events") + dead.size());
    // nothing twice: each dead letter comes from a different source record
    Set<String> sources = new HashSet<>();
    for (TestRecord<byte[], byte[]> r : dead) {
      sources.add(header(r, DeadLetters.SOURCE_TOPIC) + "/" + header(r, DeadLetters.SOURCE_PARTITION) + "/"
          + header(r, DeadLetters.SOURCE_OFFSET));
    }
    assertThat(sources).hasSize(7);
  }

  @Test
  void shouldCountRecordsPerTopicRejectionsPerReasonAndEventsPerModelVersionAndType() {
    pipeMixedInput(mixedInput());

    assertThat(count("pqp.records", "topic", PREDICTIONS)).isEqualTo(10.0);
    assertThat(count("pqp.records", "topic", FEATURES)).isEqualTo(2.0);
    assertThat(count("pqp.records", "topic", GROUND_TRUTH)).isEqualTo(3.0);

    assertThat(count("pqp.records.rejected", "topic", PREDICTIONS, "reason", "unknown_format")).isEqualTo(1.0);
    assertThat(count("pqp.records.rejected", "topic", PREDICTIONS, "reason", "malformed_json")).isEqualTo(1.0);
    assertThat(count("pqp.records.rejected", "topic", PREDICTIONS, "reason", "non_finite")).isEqualTo(1.0);
    assertThat(count("pqp.records.rejected", "topic", PREDICTIONS, "reason", "empty_record")).isEqualTo(1.0);
    assertThat(count("pqp.records.rejected", "topic", PREDICTIONS, "reason", "unknown_schema_id")).isEqualTo(1.0);
    assertThat(count("pqp.records.rejected", "topic", FEATURES, "reason", "missing_field")).isEqualTo(1.0);
    assertThat(count("pqp.records.rejected", "topic", GROUND_TRUTH, "reason", "absurd_timestamp")).isEqualTo(1.0);
    assertThat(meters.find("pqp.records.rejected").counters()).hasSize(7);

    // p-0, p-2 (single-object), p-7 are v1; p-1 (Confluent) and p-9 (single-object) are v2
    assertThat(count("pqp.events", "model_name", "claims-risk", "model_version", "v1", "type", "prediction")).isEqualTo(3.0);
    assertThat(count("pqp.events", "model_name", "claims-risk", "model_version", "v2", "type", "prediction")).isEqualTo(2.0);
    assertThat(count("pqp.events", "model_name", "claims-risk", "model_version", "v1", "type", "features")).isEqualTo(1.0);
    // ground truth carries no model: its labels are empty
    assertThat(count("pqp.events", "model_name", "", "model_version", "", "type", "ground_truth")).isEqualTo(2.0);
    assertThat(meters.find("pqp.events").counters()).hasSize(4);
  }

  @Test
  void shouldDeadLetterTheOriginalRecordWithReasonAndSourceHeaders() {
    List<In> input = mixedInput();
    List<Long> offsets = pipeMixedInput(input);

    List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();

    List<In> bad = new ArrayList<>();
    List<Long> badOffsets = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      if (input.get(i).expected != null) {
        bad.add(input.get(i));
        badOffsets.add(offsets.get(i));
      }
    }
    assertThat(dead).hasSameSizeAs(bad);
    for (int i = 0; i < bad.size(); i++) {
      In in = bad.get(i);
      long offset = badOffsets.get(i);
      TestRecord<byte[], byte[]> r = dead.get(i);
      assertThat(r.key()).as("key of %s", in.key).isEqualTo(utf8(in.key));
      assertThat(r.value()).as("value of %s", in.key).isEqualTo(in.value);
      assertThat(r.timestamp()).isEqualTo(EVENT_TIME + offset);
      assertThat(header(r, "trace-id")).isEqualTo("t-" + in.topic + "-" + offset);
      assertThat(header(r, DeadLetters.REASON)).isEqualTo(in.expected.code());
      assertThat(header(r, DeadLetters.MESSAGE)).isNotBlank();
      assertThat(header(r, DeadLetters.SOURCE_TOPIC)).isEqualTo(in.topic);
      assertThat(header(r, DeadLetters.SOURCE_PARTITION)).isEqualTo("0");
      assertThat(header(r, DeadLetters.SOURCE_OFFSET)).isEqualTo(Long.toString(offset));
      assertThat(r.headers().toArray()).hasSize(6);
    }
    assertThat(header(dead.get(0), DeadLetters.MESSAGE)).contains("first byte 0x68");
    assertThat(header(dead.get(2), DeadLetters.MESSAGE)).isEqualTo("feature 'income' is NaN");
    assertThat(header(dead.get(4), DeadLetters.MESSAGE)).contains("schema id 99");
    assertThat(header(dead.get(5), DeadLetters.MESSAGE)).isEqualTo("required field 'model_name' is missing or empty");
    // the tombstone keeps its null value
    assertThat(dead.get(3).value()).isNull();
  }

  /**
   * An exception the decoder does not expect still classifies the record: a {@code processing_error} dead
   * letter, counted, with the message cut to a bounded size; the next record is processed as usual.
   */
  @Test
  void shouldDeadLetterARecordWhoseDecodingFailsUnexpectedlyAsProcessingError() {
    predictions.pipeInput(new TestRecord<>(utf8("p-x"), confluent(BROKEN_ID, prediction("p-x", "v1")), headers("t"),
        Instant.ofEpochMilli(EVENT_TIME)));
    predictions.pipeInput(utf8("p-ok"), json("p-ok", "v1"));

    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertThat(header(dead, DeadLetters.REASON)).isEqualTo("processing_error");
    assertThat(header(dead, DeadLetters.MESSAGE))
        .startsWith("decoding failed unexpectedly: java.lang.IllegalStateException: registry client bug: xxx")
        .hasSize(DeadLetters.MAX_MESSAGE_CHARS).endsWith("\u2026");
    assertThat(deadLetters.isEmpty()).isTrue();
    assertThat(count("pqp.records.rejected", "topic", PREDICTIONS, "reason", "processing_error")).isEqualTo(1.0);
    assertThat(count("pqp.events", "model_name", "claims-risk", "model_version", "v1", "type", "prediction")).isEqualTo(1.0);
  }

  @Test
  void shouldKeepOnlyTheLatestReasonWhenADeadLetterIsReplayedAndRejectedAgain() {
    predictions.pipeInput(new TestRecord<>(utf8("p-3"), utf8("hello"), headers("t"), Instant.ofEpochMilli(EVENT_TIME)));
    TestRecord<byte[], byte[]> first = deadLetters.readRecord();

    // replayed onto the predictions topic, with its dead-letter headers, as a repair job might do
    predictions.pipeInput(new TestRecord<>(first.key(), utf8("{\"prediction_id\": 1}"), first.headers(),
        Instant.ofEpochMilli(EVENT_TIME)));
    TestRecord<byte[], byte[]> second = deadLetters.readRecord();

    assertThat(second.headers().headers(DeadLetters.REASON)).hasSize(1);
    assertThat(header(second, DeadLetters.REASON)).isEqualTo("wrong_type");
    assertThat(header(second, DeadLetters.SOURCE_OFFSET)).isEqualTo("1");
    assertThat(header(second, "trace-id")).isEqualTo("t");
    assertThat(Arrays.stream(second.headers().toArray()).map(Header::key))
        .containsExactlyInAnyOrder("trace-id", DeadLetters.REASON, DeadLetters.MESSAGE, DeadLetters.SOURCE_TOPIC,
            DeadLetters.SOURCE_PARTITION, DeadLetters.SOURCE_OFFSET);
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldApplyConfiguredTopicNamesAndLimits() {
    driver.close();
    PqpConfig config = TestTopologies.config(Map.of("topics.predictions", "serving.out", "topics.dead-letter", "serving.dlq",
        "limits.max-features", "1"));
    driver = TestTopologies.driver(config, new PipelineMetrics(meters), WriterSchemas.NONE, Instant.ofEpochMilli(NOW));
    TestInputTopic<byte[], byte[]> in = input("serving.out");
    TestOutputTopic<byte[], byte[]> dlq = driver.createOutputTopic("serving.dlq", new ByteArrayDeserializer(), new ByteArrayDeserializer());

    in.pipeInput(utf8("k"), json("p-0", "v1"));
    in.pipeInput(utf8("k"), ("{\"prediction_id\": \"p-1\", \"model_name\": \"m\", \"model_version\": \"v1\", \"timestamp\": "
        + EVENT_TIME + ", \"features\": {\"a\": 1, \"b\": 2}, \"prediction\": {\"score\": 0.4}}").getBytes(UTF_8));
    in.pipeInput(utf8("k"), confluent(SCHEMA_ID, prediction("p-2", "v1")));

    List<TestRecord<byte[], byte[]>> dead = dlq.readRecordsToList();
    assertThat(dead).extracting(r -> header(r, DeadLetters.REASON)).containsExactly("too_many_features", "unknown_schema_id");
    assertThat(dead).extracting(r -> header(r, DeadLetters.SOURCE_TOPIC)).containsOnly("serving.out");
    assertThat(count("pqp.records", "topic", "serving.out")).isEqualTo(3.0);
    assertThat(count("pqp.events", "model_name", "claims-risk", "model_version", "v1", "type", "prediction")).isEqualTo(1.0);
  }
}
