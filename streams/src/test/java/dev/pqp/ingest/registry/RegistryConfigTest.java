package dev.pqp.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

  @Test
  void shouldSplitUrlsInOrderAndStripUserInfoAndTrailingSlash() {
    RegistryConfig config = RegistryConfig.from(Map.of(
        RegistryConfig.URL, " http://u:p@a:8081/ , https://b/apis/ccompat/v7/"));

    assertThat(config.urls()).containsExactly(URI.create("http://a:8081"), URI.create("https://b/apis/ccompat/v7"));
    assertThat(config.basicAuthUserInfo()).isEqualTo("u:p");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.truststoreType()).isEqualTo("JKS");
  }

  @Test
  void shouldAcceptAListOfUrlsAndKafkaPasswords() {
    RegistryConfig config = RegistryConfig.from(Map.of(
        RegistryConfig.URL, List.of("http://a", "http://b"),
        RegistryConfig.USER_INFO, new Password("alice:s3cret"),
        RegistryConfig.REQUEST_TIMEOUT_MS, 2500));

    assertThat(config.urls()).hasSize(2);
    assertThat(config.basicAuthUserInfo()).isEqualTo("alice:s3cret");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldIgnoreUrlCredentialsWhenTheSourceIsUserInfo() {
    RegistryConfig config = RegistryConfig.from(Map.of(
        RegistryConfig.URL, "http://u:p@a",
        RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO",
        RegistryConfig.USER_INFO, "alice:x"));

    assertThat(config.basicAuthUserInfo()).isEqualTo("alice:x");
  }

  @Test
  void shouldNameTheSettingAndTheAllowedValues() {
    assertThatThrownBy(() -> RegistryConfig.from(Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> RegistryConfig.of("ftp://a"))
        .hasMessageContaining("schema.registry.url").hasMessageContaining("http://");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(
            RegistryConfig.URL, "http://a", RegistryConfig.CREDENTIALS_SOURCE, "SASL_INHERIT")))
        .hasMessageContaining("basic.auth.credentials.source").hasMessageContaining("USER_INFO or URL");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(
            RegistryConfig.URL, "http://a", RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO")))
        .hasMessageContaining("basic.auth.user.info").hasMessageContaining("user:password");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(
            RegistryConfig.URL, "http://a", RegistryConfig.USER_INFO, "no-colon")))
        .hasMessageContaining("basic.auth.user.info").hasMessageNotContaining("no-colon");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(
            RegistryConfig.URL, "http://a", RegistryConfig.TRUSTSTORE_TYPE, "PEM")))
        .hasMessageContaining("schema.registry.ssl.truststore.type").hasMessageContaining("JKS or PKCS12");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(
            RegistryConfig.URL, "http://a", RegistryConfig.TRUSTSTORE_LOCATION, "/no/such/store.jks")))
        .hasMessageContaining("schema.registry.ssl.truststore.location");
    assertThatThrownBy(() -> RegistryConfig.from(Map.of(
            RegistryConfig.URL, "http://a", RegistryConfig.REQUEST_TIMEOUT_MS, "-5")))
        .hasMessageContaining("schema.registry.request.timeout.ms").hasMessageContaining("positive");
  }

  @Test
  void shouldRejectAMistypedBoolean() {
    assertThatThrownBy(() -> ConfigValues.bool(Map.of("auto.register.schemas", "ture"), "auto.register.schemas", true))
        .hasMessageContaining("auto.register.schemas").hasMessageContaining("true or false");
  }
}
