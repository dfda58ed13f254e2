package dev.pqp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.HttpSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer and basic auth on /api/ and the status page (probes always open), and TLS from PKCS12 or PEM. */
class HttpEndpointSecurityTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Map<String, java.util.function.Supplier<String>> JSON = Map.of("/api/models", () -> "{}");

  @TempDir
  Path dir;

  @Test
  void shouldAskForTheBearerTokenOnApiAndPageButNotOnProbesOrOpenMetrics() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30), null,
        new HttpSettings.Auth("t0ken", null), false);
    try (HttpEndpoint http = HttpEndpoint.start(settings, HttpEndpointLimitsTest.registry(), () -> true, JSON)) {
      String base = "http://127.0.0.1:" + http.port();
      for (String path : List.of("/", "/api/models")) {
        HttpResponse<String> none = get(HTTP, base + path, null);
        assertThat(none.statusCode()).as(path).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"pqp\"");
        assertThat(get(HTTP, base + path, "Bearer wrong").statusCode()).as(path).isEqualTo(401);
        assertThat(get(HTTP, base + path, "Bearer t0ken2").statusCode()).as(path).isEqualTo(401);
        assertThat(get(HTTP, base + path, basic("t0ken:x")).statusCode()).as(path).isEqualTo(401);
        assertThat(get(HTTP, base + path, "Bearer t0ken").statusCode()).as(path).isEqualTo(200);
      }
      for (String path : List.of("/health", "/ready", "/metrics")) {
        assertThat(get(HTTP, base + path, null).statusCode()).as(path).isEqualTo(200);
      }
    }
  }

  @Test
  void shouldAskForBasicCredentialsAndProtectMetricsWhenSetTo() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30), null,
        new HttpSettings.Auth(null, "ops:pa:ss"), true);
    try (HttpEndpoint http = HttpEndpoint.start(settings, HttpEndpointLimitsTest.registry(), () -> true, JSON)) {
      String base = "http://127.0.0.1:" + http.port();
      for (String path : List.of("/", "/api/models", "/metrics")) {
        HttpResponse<String> none = get(HTTP, base + path, null);
        assertThat(none.statusCode()).as(path).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"pqp\", charset=\"UTF-8\"");
        assertThat(get(HTTP, base + path, basic("ops:wrong")).statusCode()).as(path).isEqualTo(401);
        assertThat(get(HTTP, base + path, "Bearer ops:pa:ss").statusCode()).as(path).isEqualTo(401);
        assertThat(get(HTTP, base + path, basic("ops:pa:ss")).statusCode()).as(path).isEqualTo(200);
      }
      assertThat(get(HTTP, base + "/health", null).statusCode()).isEqualTo(200);
      assertThat(get(HTTP, base + "/ready", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldServeHttpsFromAPkcs12KeystoreAndFromPemFiles() throws Exception {
    Path keystore = dir.resolve("pqp.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "pqp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", "st0re-pw").redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(out).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "st0re-pw".toCharArray());
    }
    Certificate cert = ks.getCertificate("pqp");
    HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(2)).build();

    HttpSettings pkcs12 = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30),
        new HttpSettings.Tls(keystore, "st0re-pw", null, null), null, false);
    try (HttpEndpoint http = HttpEndpoint.start(pkcs12, HttpEndpointLimitsTest.registry(), () -> true, JSON)) {
      assertThat(get(trusting, "https://127.0.0.1:" + http.port() + "/api/models", null).body()).isEqualTo("{}");
      assertThat(plainFails(http.port())).isTrue();
    }

    Path certPem = Files.writeString(dir.resolve("cert.pem"), pem("CERTIFICATE", cert.getEncoded()));
    Path keyPem = Files.writeString(dir.resolve("key.pem"),
        pem("PRIVATE KEY", ks.getKey("pqp", "st0re-pw".toCharArray()).getEncoded()));
    HttpSettings pem = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30),
        new HttpSettings.Tls(null, null, certPem, keyPem), null, false);
    try (HttpEndpoint http = HttpEndpoint.start(pem, HttpEndpointLimitsTest.registry(), () -> true, JSON)) {
      HttpResponse<String> r = get(trusting, "https://127.0.0.1:" + http.port() + "/health", null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.sslSession()).isPresent();
    }
  }

  private static boolean plainFails(int port) {
    try {
      get(HTTP, "http://127.0.0.1:" + port + "/health", null);
      return false;
    } catch (Exception e) {
      return true;
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END " + type + "-----\n";
  }

  private static SSLContext trusting(Certificate cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("pqp", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static String basic(String userPassword) {
    return "Basic " + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(HttpClient client, String uri, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
