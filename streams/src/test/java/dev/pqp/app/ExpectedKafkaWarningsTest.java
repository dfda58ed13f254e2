package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

/** The Kafka warnings a healthy exactly-once run causes are kept out; their neighbours are not. */
class ExpectedKafkaWarningsTest {
  private static final String SENDER = "org.apache.kafka.clients.producer.internals.Sender";
  private static final String NETWORK = "org.apache.kafka.clients.NetworkClient";

  @Test
  void shouldKeepOutWhatKafkaRetriesOrRecoversFromItself() {
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, SENDER, "[Producer clientId=a-StreamThread-1-producer, "
        + "transactionalId=a-1] Got error produce response with correlation id 31 on topic-partition ml.quality.model-"
        + "window-0, retrying (2147483646 attempts left). Error: CONCURRENT_TRANSACTIONS")).isTrue();
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, SENDER, "Got error produce response with correlation id 7 on "
        + "topic-partition t-0, retrying (5 attempts left). Error: OUT_OF_ORDER_SEQUENCE_NUMBER")).isTrue();
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, NETWORK, "[Consumer clientId=c, groupId=pqp] The metadata "
        + "response from the cluster reported a recoverable issue with correlation id 6 : {pqp-truth-predictions-by-id-"
        + "repartition=UNKNOWN_TOPIC_OR_PARTITION, pqp-profile-partials-repartition=UNKNOWN_TOPIC_OR_PARTITION}"))
        .isTrue();
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, NETWORK, "[NodeToControllerChannelManager id=1 name="
        + "registration] Attempting to close NetworkClient that has already been closed.")).as("the demo broker's stop")
        .isTrue();
  }

  @Test
  void shouldLetEveryOtherWarningThrough() {
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, NETWORK, "[Consumer clientId=c, groupId=pqp] Attempting to "
        + "close NetworkClient that has already been closed.")).as("a client of pqp's own").isFalse();
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, SENDER, "Got error produce response with correlation id 7 on "
        + "topic-partition t-0, retrying (5 attempts left). Error: NOT_ENOUGH_REPLICAS")).isFalse();
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, NETWORK, "[Consumer clientId=c, groupId=pqp] The metadata "
        + "response from the cluster reported a recoverable issue with correlation id 6 : {ml.predictions="
        + "UNKNOWN_TOPIC_OR_PARTITION}")).as("an input topic that is missing").isFalse();
    assertThat(ExpectedKafkaWarnings.expected(Level.WARN, NETWORK, "... recoverable issue with correlation id 6 : "
        + "{pqp-x-repartition=UNKNOWN_TOPIC_OR_PARTITION, ml.features=UNKNOWN_TOPIC_OR_PARTITION}")).isFalse();
    assertThat(ExpectedKafkaWarnings.expected(Level.ERROR, SENDER, "Error: CONCURRENT_TRANSACTIONS")).as("not a WARN")
        .isFalse();
  }
}
