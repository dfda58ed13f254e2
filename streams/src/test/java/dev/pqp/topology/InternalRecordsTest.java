package dev.pqp.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.app.StreamsSettings;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.WriterSchemas;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record of an internal channel that its codec cannot read (here a stage-1 message of an unknown kind, as
 * a newer release could send during a rolling upgrade) is logged and skipped with the settings pqp runs
 * with, and the channel goes on: the next records are still processed (with Kafka's default handler the
 * stream thread would fail on it, and, replaced, fail again on the same record).
 */
class InternalRecordsTest {
  @TempDir
  Path stateDir;

  private static final long T0 = 1_700_000_000_000L;

  private static byte[] prediction(String id, long timestampMs) {
    return ("{\"prediction_id\":\"" + id + "\",\"model_name\":\"m\",\"model_version\":\"v1\",\"timestamp\":"
        + timestampMs + ",\"features\":{\"x\":1.5},\"prediction\":{\"score\":0.5}}").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldSkipAnUnreadableInternalRecordAndGoOn() {
    PqpConfig config = ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "unused:9092",
        "state.dir", stateDir.toString()));
    Properties props = StreamsSettings.of(config);
    Topology topology = PqpTopology.build(config, new PipelineMetrics(new SimpleMeterRegistry()), WriterSchemas.NONE);
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(T0 + 600_000))) {
      var partials = driver.createInputTopic(config.applicationId() + "-profile-partials-repartition",
          new StringSerializer(), new ByteArraySerializer());
      var predictions = driver.createInputTopic(config.topics().predictions(), new ByteArraySerializer(),
          new ByteArraySerializer());
      var windows = driver.createOutputTopic(config.topics().modelWindow(), new StringDeserializer(),
          new ByteArrayDeserializer());
      partials.pipeInput("m", new byte[] {9, 0, 0, 0, 1}, T0); // kind 9: no release writes it
      predictions.pipeInput(null, prediction("p1", T0 + 1_000), T0 + 1_000);
      predictions.pipeInput(null, prediction("p2", T0 + 420_000), T0 + 420_000); // past the first window + grace
      assertThat(windows.readKeyValuesToList()).as("the window after the unreadable record is published")
          .extracting(kv -> kv.key).containsExactly("m/v1");
    }
  }
}
