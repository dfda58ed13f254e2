package dev.pqp.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.config.HttpSettings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Status requests between instances: HTTPS with the instances' own certificate (whatever address a peer is
 * reached at, but no other certificate) and their own credentials.
 */
class PeerAccessTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String PATH = "/api/local/models";
  private static final Map<String, java.util.function.Supplier<String>> JSON = Map.of(PATH, () -> "{\"mine\":1}");

  @TempDir
  Path dir;

  /** A PKCS12 keystore with a self-signed certificate for a service name, not for the address used here. */
  private Path keystore(String name) throws Exception {
    Path keystore = dir.resolve(name + ".p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "pqp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
        "-ext", "SAN=dns:" + name + ".pqp.svc", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "st0re-pw").redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(out).isZero();
    return keystore;
  }

  private static HttpSettings tls(Path keystore, HttpSettings.Auth auth) {
    return new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30), new HttpSettings.Tls(keystore, "st0re-pw", null, null),
        auth, false);
  }

  private static HttpResponse<String> ask(PeerAccess access, int port) throws Exception {
    return access.client().send(access.get("127.0.0.1:" + port, PATH, TIMEOUT), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAskAPeerServingTheSameCertificateOverHttpsWithTheBearerToken() throws Exception {
    HttpSettings settings = tls(keystore("pqp"), new HttpSettings.Auth("t0ken", null));
    try (HttpEndpoint peer = HttpEndpoint.start(settings, HttpEndpointLimitsTest.registry(), () -> true, JSON)) {
      HttpResponse<String> r = ask(PeerAccess.of(settings, TIMEOUT), peer.port());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"mine\":1}");
      assertThat(r.uri().getScheme()).isEqualTo("https");
      // without the credentials the same peer refuses: they are what made the difference
      HttpSettings anonymous = tls(settings.tls().keystore(), null);
      assertThat(ask(PeerAccess.of(anonymous, TIMEOUT), peer.port()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldSendBasicCredentialsWhenThatIsWhatTheInstancesUse() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30), null,
        new HttpSettings.Auth(null, "ops:pa:ss"), false);
    try (HttpEndpoint peer = HttpEndpoint.start(settings, HttpEndpointLimitsTest.registry(), () -> true, JSON)) {
      HttpResponse<String> r = ask(PeerAccess.of(settings, TIMEOUT), peer.port());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.uri().getScheme()).isEqualTo("http");
      assertThat(ask(PeerAccess.plain(TIMEOUT), peer.port()).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldRefuseAPeerWithACertificateOfItsOwn() throws Exception {
    HttpSettings mine = tls(keystore("pqp"), null);
    HttpSettings stranger = tls(keystore("stranger"), null);
    try (HttpEndpoint peer = HttpEndpoint.start(stranger, HttpEndpointLimitsTest.registry(), () -> true, JSON)) {
      assertThatThrownBy(() -> ask(PeerAccess.of(mine, TIMEOUT), peer.port())).isInstanceOf(SSLHandshakeException.class);
      assertThat(ask(PeerAccess.of(stranger, TIMEOUT), peer.port()).statusCode()).isEqualTo(200);
    }
  }
}
