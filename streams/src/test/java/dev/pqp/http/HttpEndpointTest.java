package dev.pqp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The routes of the endpoint: the status page, JSON documents by exact path, errors kept to their request. */
class HttpEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void shouldServeThePageTheJsonOfEachPathAndKeepAFailingDocumentToItsOwnRequest() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (HttpEndpoint http = HttpEndpoint.start(HttpSettings.open("127.0.0.1", 0), registry, () -> false, Map.of(
        "/api/models", () -> "{\"models\":[]}",
        "/api/local/models", () -> {
          throw new IllegalStateException("Kafka Streams is being created");
        }))) {
      String base = "http://127.0.0.1:" + http.port();

      HttpResponse<String> page = get(base + "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(page.body()).contains("<title>pqp", "fetch('/api/models'");
      HttpResponse<String> models = get(base + "/api/models");
      assertThat(models.statusCode()).isEqualTo(200);
      assertThat(models.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(models.body()).isEqualTo("{\"models\":[]}");
      assertThat(get(base + "/api/local/models").statusCode()).isEqualTo(500);
      assertThat(get(base + "/api/models/extra").statusCode()).isEqualTo(404);
      assertThat(get(base + "/nothing").statusCode()).isEqualTo(404);
      assertThat(get(base + "/ready").statusCode()).isEqualTo(503);
      assertThat(get(base + "/health").statusCode()).isEqualTo(200);
    }
  }

  private static HttpResponse<String> get(String uri) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
