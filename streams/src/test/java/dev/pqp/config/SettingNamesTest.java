package dev.pqp.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unknown {@code PQP_*} variables and Kafka properties are reported with the nearest known name. */
class SettingNamesTest {
  @Test
  void shouldNameTheNearestSettingOfAnUnknownEnvironmentVariable() {
    List<String> w = SettingNames.warnings(Map.of("PQP_WINDOW_SIZ", "5m", "PQP_WINDOW_SIZE", "5m",
        "PQP_KAFKA_LINGER_MS", "5", "PQP_JAVA_OPTS", "-Xmx1g", "HOME", "/root"), List.of());

    assertThat(w).containsExactly("environment variable PQP_WINDOW_SIZ is not a pqp setting and is ignored; "
        + "did you mean PQP_WINDOW_SIZE? (Kafka properties go in PQP_KAFKA_*)");
  }

  @Test
  void shouldNameTheNearestPropertyOfAnUnknownKafkaKeyAndAcceptClientPrefixes() {
    List<String> w = SettingNames.warnings(Map.of(), List.of("num.standby.replica", "num.standby.replicas",
        "consumer.session.timeout.ms", "main.consumer.max.poll.records", "producer.linger.ms", "admin.retries",
        "topic.min.insync.replicas", "security.protocol", "sasl.jaas.config", "consumer.sesion.timeout.ms"));

    assertThat(w).containsExactly(
        "Kafka property 'consumer.sesion.timeout.ms' is not read by Kafka Streams or its clients and is ignored; "
            + "did you mean 'session.timeout.ms'?",
        "Kafka property 'num.standby.replica' is not read by Kafka Streams or its clients and is ignored; "
            + "did you mean 'num.standby.replicas'?");
  }

  @Test
  void shouldWarnWithoutStoppingWhenLoading() {
    PqpConfig c = ConfigLoader.load(null, Map.of("PQP_HTTP_PROT", "1"), Map.of("kafka.linger.msec", "5"));
    assertThat(c.kafka()).containsEntry("linger.msec", "5");
  }
}
