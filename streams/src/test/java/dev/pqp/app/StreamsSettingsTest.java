package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.PqpConfig;
import java.net.InetAddress;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** {@code application.server}: given, or this instance's HTTP host and bound port. */
class StreamsSettingsTest {

  @Test
  void shouldDefaultApplicationServerToTheHttpHostAndTheBoundPort() throws Exception {
    PqpConfig local = PqpConfig.from(Map.of("bootstrap.servers", "k:9092", "http.host", "127.0.0.1", "http.port", "0"));
    assertThat(StreamsSettings.of(local, 41234).get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("127.0.0.1:41234");

    PqpConfig given = PqpConfig.from(Map.of("bootstrap.servers", "k:9092", "kafka.application.server", "pqp-0.pqp:9464"));
    assertThat(StreamsSettings.of(given, 41234).get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("pqp-0.pqp:9464");

    assertThat(StreamsSettings.applicationServer("0.0.0.0", 9464))
        .isEqualTo(InetAddress.getLocalHost().getHostName() + ":9464");
    assertThat(StreamsSettings.applicationServer("::1", 9464)).isEqualTo("[::1]:9464");
  }

  @Test
  void shouldReadCoPartitionedPredictionsAndLabelsInTimestampOrderAndEverythingElseAsBuffered() {
    PqpConfig base = PqpConfig.from(Map.of("bootstrap.servers", "k:9092"));
    assertThat(StreamsSettings.of(base.withGroundTruth(true).withCopartitionedGroundTruth(true), 1)
        .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(0L);
    assertThat(StreamsSettings.of(base.withGroundTruth(true).withCopartitionedGroundTruth(false), 1)
        .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
    assertThat(StreamsSettings.of(base.withGroundTruth(false).withCopartitionedGroundTruth(true), 1)
        .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo(-1L);
    PqpConfig given = PqpConfig.from(Map.of("bootstrap.servers", "k:9092", "kafka.max.task.idle.ms", "500"));
    assertThat(StreamsSettings.of(given.withGroundTruth(true).withCopartitionedGroundTruth(true), 1)
        .get(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG)).isEqualTo("500");
  }

  @Test
  void shouldGiveUpOnACrashedInstanceAfterEightSecondsUnlessTheKafkaSettingsSayOtherwise() {
    PqpConfig defaults = PqpConfig.from(Map.of("bootstrap.servers", "k:9092"));
    var p = StreamsSettings.of(defaults);
    assertThat(p.get(StreamsConfig.consumerPrefix("session.timeout.ms"))).isEqualTo(8_000);
    assertThat(p.get(StreamsConfig.consumerPrefix("heartbeat.interval.ms"))).isEqualTo(2_000);
    PqpConfig set = PqpConfig.from(Map.of("bootstrap.servers", "k:9092", "kafka.consumer.session.timeout.ms", "30000"));
    assertThat(StreamsSettings.of(set).get(StreamsConfig.consumerPrefix("session.timeout.ms"))).isEqualTo("30000");
    // a plain kafka.session.timeout.ms is not overridden by a consumer.-prefixed default, which would win over it
    var plain = StreamsSettings.of(PqpConfig.from(Map.of("bootstrap.servers", "k:9092",
        "kafka.session.timeout.ms", "30000")));
    assertThat(plain.get("session.timeout.ms")).isEqualTo("30000");
    assertThat(plain.get(StreamsConfig.consumerPrefix("session.timeout.ms"))).isNull();
  }

  /** A crashed instance's open transaction is aborted soon enough that the session timeout decides the take-over. */
  @Test
  void shouldAbortACrashedInstancesTransactionAfterThreeSecondsUnderExactlyOnceOnly() {
    var p = StreamsSettings.of(PqpConfig.from(Map.of("bootstrap.servers", "k:9092")));
    assertThat(p.get(StreamsConfig.producerPrefix("transaction.timeout.ms"))).isEqualTo(3_000);
    var alos = StreamsSettings.of(PqpConfig.from(Map.of("bootstrap.servers", "k:9092",
        "processing.guarantee", "at-least-once")));
    assertThat(alos.get(StreamsConfig.producerPrefix("transaction.timeout.ms"))).isNull();
    var plain = StreamsSettings.of(PqpConfig.from(Map.of("bootstrap.servers", "k:9092",
        "kafka.transaction.timeout.ms", "20000")));
    assertThat(plain.get("transaction.timeout.ms")).isEqualTo("20000");
    assertThat(plain.get(StreamsConfig.producerPrefix("transaction.timeout.ms"))).as("would win over it").isNull();
    var registry = StreamsSettings.of(PqpConfig.from(Map.of("bootstrap.servers", "k:9092",
        "registry.url", "http://registry:8081")));
    assertThat(registry.get(StreamsConfig.producerPrefix("transaction.timeout.ms"))).as("outlives a blocked lookup")
        .isEqualTo(5_000);
    var prefixed = StreamsSettings.of(PqpConfig.from(Map.of("bootstrap.servers", "k:9092",
        "kafka.producer.transaction.timeout.ms", "20000")));
    assertThat(prefixed.get(StreamsConfig.producerPrefix("transaction.timeout.ms"))).isEqualTo("20000");
  }
}
