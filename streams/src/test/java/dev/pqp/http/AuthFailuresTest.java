package dev.pqp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.HttpSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/** Refused credentials are logged: the address and the path, never the secret, at most once a minute. */
class AuthFailuresTest {
  @Test
  void shouldLogTheFirstRefusedRequestWithAddressAndPathAndNotTheSecretThenHoldBackTheRest() throws Exception {
    Captured log = new Captured();
    log.start();
    Logger logger = (Logger) LogManager.getLogger(AuthFailures.class);
    logger.addAppender(log);
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
      logger.removeAppender(log);
      log.stop();
    }
    System.out.println("[http] refused credentials logged: " + log.lines);
    assertThat(log.lines).hasSize(1);
    assertThat(log.lines.get(0)).startsWith("WARN HTTP request refused: wrong credentials for /api/models from")
        .contains("127.0.0.1").doesNotContain("s3cret").doesNotContain("t0ken");
  }

  private static final class Captured extends AbstractAppender {
    final List<String> lines = new CopyOnWriteArrayList<>();

    Captured() {
      super("captured-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
    }
  }
}
