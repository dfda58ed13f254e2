package dev.pqp.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The ingest check against a Kafka broker in a container, for machines with a Docker engine. Where there
 * is none, Testcontainers disables the class ("disabledWithoutDocker is true and Docker is not available")
 * and it is reported as skipped; nothing else depends on it. Without a registry, Confluent-framed records
 * are rejected as unknown_schema_id, which is what the demo's bad record of that kind expects anyway.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIntegrationTest {
  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.0");

  @TempDir Path dir;

  @Test
  void shouldCountEveryValidPredictionAndDeadLetterEveryBadRecordOnAContainerBroker() throws Exception {
    String bootstrap = KAFKA.getBootstrapServers();
    PqpConfig config = ConfigLoader.load(null, Map.of(), IngestCheck.settings(bootstrap, dir.resolve("state")));

    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      IngestCheck.Sent sent = IngestCheck.publish(bootstrap, config.topics(),
          List.of(EventEncoder.json(), EventEncoder.avroSingleObject()), 200, 0.1);

      assertThat(sent.badCount()).isPositive();
      IngestCheck.assertProcessed(runtime, bootstrap, sent, Duration.ofSeconds(60));
    }
  }
}
