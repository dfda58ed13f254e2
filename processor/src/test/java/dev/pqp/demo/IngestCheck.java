package dev.pqp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.Topics;
import dev.pqp.ingest.RejectReason;
import dev.pqp.schema.GroundTruthEvent;
import dev.pqp.schema.PredictionEvent;
import dev.pqp.stream.ingest.DeadLetters;
import dev.pqp.testing.Settle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The end-to-end ingest check the integration tests share: publish the demo's traffic in some wire
 * formats, then prove from the running processor's counters and its dead-letter topic that every valid
 * prediction was counted under its model version and every bad record was dead-lettered once with the
 * reason its kind must get.
 */
final class IngestCheck {
  private IngestCheck() {}

  /** The reason each kind of demo bad record must be rejected with; a new kind fails to compile here. */
  static RejectReason expectedReason(BadRecords kind) {
    return switch (kind) {
      case GARBAGE -> RejectReason.UNKNOWN_FORMAT;
      case BROKEN_JSON -> RejectReason.MALFORMED_JSON;
      case NAN_FEATURE -> RejectReason.NON_FINITE;
      case UNKNOWN_SCHEMA_ID -> RejectReason.UNKNOWN_SCHEMA_ID;
      case MISSING_FIELD -> RejectReason.MISSING_FIELD;
      case ABSURD_TIMESTAMP -> RejectReason.ABSURD_TIMESTAMP;
      case WRONG_TYPE -> RejectReason.WRONG_TYPE;
    };
  }

  /** A bad record as sent: its key, value and the reason it must be dead-lettered with. */
  record BadSent(String key, byte[] value, String reason) {}

  /** What was published. */
  static final class Sent {
    final Map<String, Long> validPredictionsPerVersion = new TreeMap<>();
    final Map<String, Long> badPerReason = new TreeMap<>();
    final List<BadSent> bad = new ArrayList<>();
    long groundTruth;
    long records;

    long badCount() {
      return bad.size();
    }

    @Override
    public String toString() {
      return records + " records: valid predictions " + validPredictionsPerVersion + ", ground truth " + groundTruth
          + ", bad " + badPerReason;
    }
  }

  /** Counts the valid predictions per version that pass through an encoder (bad records bypass it). */
  private static EventEncoder counting(EventEncoder inner, Sent sent) {
    return new EventEncoder() {
      @Override
      public byte[] prediction(String topic, PredictionEvent e) {
        sent.validPredictionsPerVersion.merge(e.getModelVersion(), 1L, Long::sum);
        return inner.prediction(topic, e);
      }

      @Override
      public byte[] groundTruth(String topic, GroundTruthEvent e) {
        return inner.groundTruth(topic, e);
      }
    };
  }

  /**
   * Publishes {@code predictionsPerFormat} predictions (with bad records at {@code badRate}) and all their
   * ground truth per encoder, event times ending now, one generator (and seed) per encoder.
   */
  static Sent publish(String bootstrapServers, Topics topics, List<EventEncoder> encoders, int predictionsPerFormat,
      double badRate) {
    Sent sent = new Sent();
    long step = 100;
    long start = System.currentTimeMillis() - step * predictionsPerFormat;
    try (TrafficPublisher pub = new TrafficPublisher(bootstrapServers, topics.predictions(), topics.groundTruth())) {
      int seed = 0;
      for (EventEncoder encoder : encoders) {
        TrafficGenerator gen = new TrafficGenerator(++seed, start + step * predictionsPerFormat / 2, badRate,
            counting(encoder, sent), topics.predictions(), topics.groundTruth());
        int badOfThisGenerator = 0;
        long t = start;
        for (int i = 0; i < predictionsPerFormat; i++, t += step) {
          List<TrafficGenerator.Out> out = gen.next(t);
          for (TrafficGenerator.Out o : out) {
            if (o.bad()) {
              // the generator makes its bad records of each kind in turn
              String reason = expectedReason(BadRecords.values()[badOfThisGenerator++ % BadRecords.values().length]).code();
              sent.bad.add(new BadSent(o.key(), o.value(), reason));
              sent.badPerReason.merge(reason, 1L, Long::sum);
            } else if (o.kind() == TrafficGenerator.Kind.GROUND_TRUTH) {
              sent.groundTruth++;
            }
          }
          pub.send(out);
        }
        List<TrafficGenerator.Out> labels = gen.labelsDue(Long.MAX_VALUE);
        sent.groundTruth += labels.size();
        pub.send(labels);
      }
      pub.flush();
      sent.records = pub.sent();
      assertThat(pub.bad()).isEqualTo(sent.badCount());
    }
    long valid = sent.validPredictionsPerVersion.values().stream().mapToLong(Long::longValue).sum();
    assertThat(valid + sent.badCount()).isEqualTo((long) predictionsPerFormat * encoders.size());
    assertThat(valid + sent.badCount() + sent.groundTruth).isEqualTo(sent.records);
    System.out.println("published " + sent);
    return sent;
  }

  private static double sum(MeterRegistry registry, String name) {
    return registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static double count(MeterRegistry registry, String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private static String header(ConsumerRecord<?, ?> r, String key) {
    Header h = r.headers().lastHeader(key);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Waits for the processor to count everything sent, then checks counters, dead letters and HTTP. */
  static void assertProcessed(PqpRuntime runtime, String bootstrapServers, Sent sent, Duration timeout) throws Exception {
    MeterRegistry meters = runtime.registry();
    Topics topics = runtime.config().topics();

    Settle.await(() -> sum(meters, "pqp.records"), sent.records, timeout, "pqp_records_total");

    assertThat(count(meters, "pqp.records", "topic", topics.predictions()))
        .isEqualTo((double) (sent.records - sent.groundTruth));
    assertThat(count(meters, "pqp.records", "topic", topics.groundTruth())).isEqualTo((double) sent.groundTruth);
    sent.validPredictionsPerVersion.forEach((version, n) -> assertThat(
        count(meters, "pqp.events", "model_name", ClaimsRisk.MODEL, "model_version", version, "type", "prediction"))
        .as("pqp_events_total of %s", version).isEqualTo((double) n));
    assertThat(meters.find("pqp.events").tag("type", "prediction").counters())
        .hasSize(sent.validPredictionsPerVersion.size());
    assertThat(count(meters, "pqp.events", "type", "ground_truth")).isEqualTo((double) sent.groundTruth);
    Map<String, Long> rejected = new TreeMap<>();
    meters.find("pqp.records.rejected").counters().forEach(c ->
        rejected.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum));
    assertThat(rejected).isEqualTo(sent.badPerReason);

    List<ConsumerRecord<String, byte[]>> dead =
        Settle.readCommitted(bootstrapServers, topics.deadLetter(), (int) sent.badCount(), timeout);
    assertThat(dead).hasSize((int) sent.badCount());
    Map<String, BadSent> byKey = new HashMap<>();
    sent.bad.forEach(b -> byKey.put(b.key(), b));
    assertThat(byKey).hasSize((int) sent.badCount()); // keys are unique prediction ids
    for (ConsumerRecord<String, byte[]> r : dead) {
      BadSent b = byKey.remove(r.key());
      assertThat(b).as("dead letter with key %s was sent once as a bad record", r.key()).isNotNull();
      assertThat(r.value()).isEqualTo(b.value());
      assertThat(header(r, DeadLetters.REASON)).as("reason of %s", r.key()).isEqualTo(b.reason());
      assertThat(header(r, DeadLetters.SOURCE_TOPIC)).isEqualTo(topics.predictions());
      assertThat(header(r, DeadLetters.MESSAGE)).isNotBlank();
    }
    assertThat(byKey).isEmpty();

    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + runtime.httpPort();
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("pqp_records_total{topic=\"" + topics.predictions() + "\"} " + (double) (sent.records - sent.groundTruth))
        .contains("pqp_records_rejected_total{")
        .contains("pqp_events_total{");
  }

  /** The settings of a processor under test: its own application id and state, any free HTTP port. */
  static Map<String, String> settings(String bootstrapServers, java.nio.file.Path stateDir) {
    Map<String, String> s = new HashMap<>();
    s.put("bootstrap.servers", bootstrapServers);
    s.put("application.id", "pqp-it-" + UUID.randomUUID());
    s.put("state.dir", stateDir.toString());
    s.put("http.host", "127.0.0.1");
    s.put("http.port", "0");
    s.put("topics.partitions", "2");
    s.put("kafka.consumer.session.timeout.ms", "6000");
    return s;
  }
}
