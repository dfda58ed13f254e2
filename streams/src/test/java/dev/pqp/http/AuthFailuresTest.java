package dev.pqp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.HttpSettings;
import dev.pqp.testing.CapturedLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Refused credentials are logged: the address and the path, never the secret, at most once a minute. */
class AuthFailuresTest {
  @Test
  void shouldLogTheFirstRefusedRequestWithAddressAndPathAndNotTheSecretThenHoldBackTheRest() throws Exception {
    CapturedLog log = CapturedLog.of(AuthFailures.class);
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30), null,
        new HttpSettings.Auth("t0ken", null), false);
    HttpClient client = HttpClient.newHttpClient();
    try (HttpEndpoint http = HttpEndpoint.start(settings, HttpEndpointLimitsTest.registry(), () -> true,
        Map.of("/api/models", () -> "{}"))) {
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
            + "/api/models")).header("Authorization", "Bearer s3cret-guess-" + i).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
      }
    } finally {
      log.close();
    }
    System.out.println("[http] refused credentials logged: " + log.lines);
    assertThat(log.lines).hasSize(1);
    assertThat(log.lines.get(0)).startsWith("WARN HTTP request refused: wrong credentials for /api/models from")
        .contains("127.0.0.1").doesNotContain("s3cret").doesNotContain("t0ken");
  }
}
