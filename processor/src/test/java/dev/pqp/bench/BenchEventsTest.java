package dev.pqp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.Limits;
import dev.pqp.event.GroundTruth;
import dev.pqp.event.Prediction;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.ingest.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class BenchEventsTest {
  private static final long START = 1_700_000_000_000L;

  @Test
  void shouldGiveEachPredictionOneLabelOnItsKeyAndPartitionAFewOfThemLate() {
    Limits limits = Limits.defaults();
    EventDecoder predictions = new EventDecoder(EventType.PREDICTION, limits, WriterSchemas.NONE);
    EventDecoder labels = new EventDecoder(EventType.GROUND_TRUTH, limits, WriterSchemas.NONE);
    BenchEvents events = new BenchEvents(10_000, START, 5, 60_000, 42);
    SplittableRandom r = new SplittableRandom(42);
    SplittableRandom lr = new SplittableRandom(43);
    int late = 0;
    for (long i = 0; i < 10_000; i++) {
      long ts = events.timestampMs(i, r);
      Prediction p = (Prediction) predictions.decode(events.event(i, ts, r), ts, ts);
      byte[] key = p.predictionId().getBytes(StandardCharsets.UTF_8);
      ProducerRecord<byte[], byte[]> rec = events.label("labels", 3, key, p.predictionId(), ts, lr);
      GroundTruth g = (GroundTruth) labels.decode(rec.value(), rec.timestamp(), rec.timestamp());

      assertThat(g.predictionId()).isEqualTo(p.predictionId()).isEqualTo(events.predictionId(i));
      assertThat(rec.key()).isEqualTo(key);
      assertThat(rec.partition()).isEqualTo(3);
      assertThat(g.timestampMs()).isEqualTo(rec.timestamp()).isBetween(ts + 1_000, ts + 600_000);
      assertThat(g.label()).isIn("fraud", "legit");
      late += g.timestampMs() - ts >= 120_000 ? 1 : 0;
    }
    assertThat(late).isBetween(1_800, 2_200); // 20% of 10,000
  }

  @Test
  void shouldEncodeTheSameEventAsJsonAndAsSingleObjectAvroThatPqpDecodesAlike() {
    EventDecoder decoder = new EventDecoder(EventType.PREDICTION, Limits.defaults(), WriterSchemas.NONE);
    BenchEvents events = new BenchEvents(1_000, START, 5, 60_000, 42);
    SplittableRandom r = new SplittableRandom(42);
    long jsonBytes = 0;
    long avroBytes = 0;
    for (long i = 0; i < 1_000; i++) {
      BenchEvents.Drawn d = events.draw(i, events.timestampMs(i, r), r);
      byte[] json = events.json(d);
      byte[] avro = events.avro(d);
      jsonBytes += json.length;
      avroBytes += avro.length;

      assertThat(WireFormat.detect(avro)).isEqualTo(WireFormat.AVRO_SINGLE_OBJECT);
      Prediction fromJson = (Prediction) decoder.decode(json, 0, d.ts());
      Prediction fromAvro = (Prediction) decoder.decode(avro, 0, d.ts());
      assertThat(fromAvro).isEqualTo(fromJson);
      assertThat(fromAvro.features()).hasSize(20);
      assertThat(fromAvro.timestampMs()).isEqualTo(d.ts());
    }
    assertThat(avroBytes).isLessThan(jsonBytes * 3 / 4); // binary numbers, no field names outside the features map
  }
}
