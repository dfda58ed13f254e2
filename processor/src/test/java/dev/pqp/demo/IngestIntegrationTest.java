package dev.pqp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.embedded.EmbeddedKafka;
import dev.pqp.ingest.registry.ConfluentAvroSerializer;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import dev.pqp.testing.ApicurioRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real broker (in-process KRaft) and a real schema registry (Apicurio): demo traffic in
 * JSON, Confluent-framed Avro and single-object Avro, with bad records of every kind, through a running
 * pqp; every valid prediction is counted under its version and every bad record dead-lettered once.
 */
class IngestIntegrationTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(45);

  @TempDir static Path dir;
  private static EmbeddedKafka kafka;
  private static ApicurioRegistry registry;

  @BeforeAll
  static void startBrokerAndRegistry() throws Exception {
    CompletableFuture<ApicurioRegistry> starting = CompletableFuture.supplyAsync(ApicurioRegistry::start);
    kafka = EmbeddedKafka.start(0, dir.resolve("kafka"), Map.of());
    registry = starting.join();
  }

  @AfterAll
  static void stop() {
    if (kafka != null) {
      kafka.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  private static EventEncoder confluentEncoder(String registryUrl) {
    ConfluentAvroSerializer<SpecificRecord> serializer =
        new ConfluentAvroSerializer<>(new SchemaRegistryClient(RegistryConfig.of(registryUrl)));
    serializer.configure(Map.of(RegistryConfig.URL, registryUrl), false);
    return EventEncoder.of(serializer::serialize);
  }

  @Test
  void shouldCountEveryValidPredictionAndDeadLetterEveryBadRecordInAllThreeFormats() throws Exception {
    Map<String, String> settings = IngestCheck.settings(kafka.bootstrapServers(), dir.resolve("state"));
    settings.put("registry.url", registry.url());
    PqpConfig config = ConfigLoader.load(null, Map.of(), settings);

    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      IngestCheck.Sent sent = IngestCheck.publish(kafka.bootstrapServers(), config.topics(),
          List.of(EventEncoder.json(), confluentEncoder(registry.url()), EventEncoder.avroSingleObject()), 300, 0.1);

      // enough traffic that both versions and every kind of bad record appear
      assertThat(sent.validPredictionsPerVersion).containsOnlyKeys("v1", "v2");
      assertThat(sent.badPerReason).hasSize(BadRecords.values().length);
      IngestCheck.assertProcessed(runtime, kafka.bootstrapServers(), sent, TIMEOUT);
    }
  }
}
