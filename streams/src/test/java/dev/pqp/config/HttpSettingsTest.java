package dev.pqp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP settings: defaults, secrets from files and the environment, and secrets kept out of every dump. */
class HttpSettingsTest {
  @TempDir
  Path dir;

  @Test
  void shouldBindEveryInterfaceWithoutTlsOrAuthByDefault() {
    HttpSettings http = PqpConfig.from(Map.of()).http();
    assertThat(http).isEqualTo(new HttpSettings("0.0.0.0", 9464, Duration.ofSeconds(30), null, null, false));
  }

  @Test
  void shouldReadSecretsFromFilesNamedInTheEnvironmentAndNeverShowThem() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "s3cr3t-token\n");
    Path basic = Files.writeString(dir.resolve("basic"), "admin:p4ssw0rd\n");
    Path keystore = Files.writeString(dir.resolve("ks.p12"), "not read here");
    PqpConfig config = ConfigLoader.load(null, Map.of(
        "PQP_HTTP_AUTH_TOKEN_FILE", token.toString(),
        "PQP_HTTP_AUTH_BASIC_FILE", basic.toString(),
        "PQP_HTTP_TLS_KEYSTORE", keystore.toString(),
        "PQP_HTTP_TLS_KEYSTORE_PASSWORD", "k3yst0re-pw",
        "PQP_REGISTRY_USER_INFO", "reg:r3g-pw",
        "PQP_REGISTRY_TRUSTSTORE_PASSWORD", "tr-pw-42",
        "PQP_KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka... password=\"j4as-pw\";",
        "PQP_KAFKA_SSL_KEYSTORE_PASSWORD", "kafka-ks-pw"), Map.of());

    assertThat(config.http().auth().token()).isEqualTo("s3cr3t-token");
    assertThat(config.http().auth().basic()).isEqualTo("admin:p4ssw0rd");
    assertThat(config.http().tls().password()).isEqualTo("k3yst0re-pw");
    String dump = config.toString();
    assertThat(dump).contains("keystore=" + keystore, "basic=admin:<hidden>", "token=<hidden>", "registryUserInfo=<hidden>")
        .doesNotContain("s3cr3t-token", "p4ssw0rd", "k3yst0re-pw", "r3g-pw", "tr-pw-42", "j4as-pw", "kafka-ks-pw");
  }

  @Test
  void shouldNameTheSettingButNotTheSecretWhenOneIsWrong() throws Exception {
    assertThatThrownBy(() -> PqpConfig.from(Map.of("http.auth.basic", "no-colon-s3cr3t")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.auth.basic").hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> PqpConfig.from(Map.of("http.auth.token", "a", "http.auth.token-file", "/x")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not both");
    assertThatThrownBy(() -> PqpConfig.from(Map.of("http.auth.token-file", dir.resolve("missing").toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.auth.token-file").hasMessageContaining("cannot read");
    assertThatThrownBy(() -> PqpConfig.from(Map.of("http.tls.cert", "/c.pem")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.tls.key");
  }
}
