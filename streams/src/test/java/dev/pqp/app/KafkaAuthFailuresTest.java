package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.ConfigException;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** An authentication failure is one line naming the address and the settings, with no secret in it. */
class KafkaAuthFailuresTest {
  private static final Map<String, String> SCRAM = Map.of("security.protocol", "SASL_SSL",
      "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"app\" password=\"s3cr3t-pw\";",
      "ssl.truststore.password", "trust-pw");

  @Test
  void shouldNameTheSaslSettingsOfAWrongPasswordFoundAmongTheCauses() {
    var e = new ExecutionException(new SaslAuthenticationException("Authentication failed: invalid credentials"));

    assertThat(KafkaAuthFailures.explain(e, "kafka:9093", SCRAM)).get().extracting(ConfigException::getMessage)
        .isEqualTo("cannot authenticate to Kafka at kafka:9093 (settings kafka.sasl.jaas.config, kafka.sasl.mechanism): "
            + "Authentication failed: invalid credentials");
  }

  @Test
  void shouldNameTheKeystoreAndTruststoreAndGiveTheTlsReasonOfAFailedHandshake() {
    var e = new SslAuthenticationException("SSL handshake failed", new SSLHandshakeException("PKIX path building failed"));

    assertThat(KafkaAuthFailures.explain(e, "kafka:9094", Map.of())).get().extracting(ConfigException::getMessage)
        .isEqualTo("cannot authenticate to Kafka at kafka:9094 (settings kafka.ssl.keystore.location, "
            + "kafka.ssl.truststore.location): SSL handshake failed: PKIX path building failed");
  }

  @Test
  void shouldHideTheJaasPasswordAndEverySecretSettingShouldAReasonQuoteThem() {
    var e = new SaslAuthenticationException("user app with password s3cr3t-pw, store trust-pw refused");

    String message = KafkaAuthFailures.explain(e, "kafka:9093", SCRAM).orElseThrow().getMessage();

    assertThat(message).endsWith("user app with password <hidden>, store <hidden> refused").doesNotContain("s3cr3t", "trust-pw");
  }

  @Test
  void shouldLeaveOtherFailuresAlone() {
    assertThat(KafkaAuthFailures.explain(new ExecutionException(new TimeoutException("timed out")), "kafka:9092", SCRAM))
        .isEmpty();
  }
}
