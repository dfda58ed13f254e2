package dev.pqp.ingest.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's HTTP behaviour against a real JDK HTTP server on loopback that records what it receives. */
class SchemaRegistryClientTest {
  private static final String STRING_SCHEMA = "{\"schema\":\"\\\"string\\\"\"}";

  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Serves {@code statuses} in turn (the last one repeating), with {@code body} on 200. */
  private String serve(String body, int... statuses) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      int n = requests.getAndIncrement();
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      authorizations.add(auth == null ? "<none>" : auth);
      int status = statuses[Math.min(n, statuses.length - 1)];
      byte[] bytes = (status == 200 ? body : "{\"error_code\":" + status + "01,\"message\":\"x\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void shouldSendBasicAuthFromUserInfo() throws IOException {
    String url = serve(STRING_SCHEMA, 200);
    var client = new SchemaRegistryClient(RegistryConfig.from(Map.of(
        RegistryConfig.URL, url,
        RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO",
        RegistryConfig.USER_INFO, "alice:s3cret")));

    assertThat(client.schemaById(7)).isEqualTo(Schema.create(Schema.Type.STRING));
    // base64("alice:s3cret")
    assertThat(authorizations).containsExactly("Basic YWxpY2U6czNjcmV0");
  }

  @Test
  void shouldSendBasicAuthFromTheUrl() throws IOException {
    String url = serve(STRING_SCHEMA, 200).replace("http://", "http://bob:pw@");
    var client = new SchemaRegistryClient(RegistryConfig.from(Map.of(RegistryConfig.URL, url)));

    client.schemaById(7);

    assertThat(authorizations).containsExactly("Basic Ym9iOnB3"); // base64("bob:pw")
  }

  @Test
  void shouldSendNoAuthorizationWithoutCredentials() throws IOException {
    var client = new SchemaRegistryClient(RegistryConfig.of(serve(STRING_SCHEMA, 200)));

    client.schemaById(7);

    assertThat(authorizations).containsExactly("<none>");
  }

  @Test
  void shouldCacheSchemasByIdForever() throws IOException {
    var client = new SchemaRegistryClient(RegistryConfig.of(serve(STRING_SCHEMA, 200)));

    Schema first = client.schemaById(7);
    Schema second = client.schemaById(7);

    assertThat(second).isSameAs(first);
    assertThat(requests).hasValue(1);
  }

  @Test
  void shouldRetryA5xxAndThenSucceed() throws IOException {
    var client = new SchemaRegistryClient(RegistryConfig.of(serve(STRING_SCHEMA, 503, 500, 200)));

    assertThat(client.schemaById(7).getType()).isEqualTo(Schema.Type.STRING);
    assertThat(requests).hasValue(3);
  }

  @Test
  void shouldGiveUpAfterThreeRoundsOf5xx() throws IOException {
    var client = new SchemaRegistryClient(RegistryConfig.of(serve(STRING_SCHEMA, 503)));

    assertThatThrownBy(() -> client.schemaById(7))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("HTTP 503");
    assertThat(requests).hasValue(3);
  }

  @Test
  void shouldGiveUpWithinOneRequestTimeoutWhenTheRegistryNeverAnswers() throws IOException {
    // The kernel completes connections into the backlog; nobody accepts, nobody answers.
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      var client = new SchemaRegistryClient(RegistryConfig.from(Map.of(
          RegistryConfig.URL, "http://127.0.0.1:" + blackHole.getLocalPort(),
          RegistryConfig.REQUEST_TIMEOUT_MS, 400)));

      long start = System.nanoTime();
      assertThatThrownBy(() -> client.schemaById(7)).isInstanceOf(RegistryUnavailableException.class);
      long tookMs = (System.nanoTime() - start) / 1_000_000;

      // one timeout, not one per retry round (3 x 400 ms)
      assertThat(tookMs).isBetween(380L, 1_000L);
    }
  }

  @Test
  void shouldNotRetryA4xx() throws IOException {
    var client = new SchemaRegistryClient(RegistryConfig.of(serve(STRING_SCHEMA, 401)));

    assertThatThrownBy(() -> client.schemaById(7))
        .isInstanceOfSatisfying(RegistryException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.errorCode()).isEqualTo(40101);
        });
    assertThat(requests).hasValue(1);
  }

  @Test
  void shouldReportANonAvroSchemaAsARegistryAnswer() throws IOException {
    String protobuf = "{\"schema\":\"syntax = \\\"proto3\\\";\",\"schemaType\":\"PROTOBUF\"}";
    var client = new SchemaRegistryClient(RegistryConfig.of(serve(protobuf, 200)));

    assertThatThrownBy(() -> client.schemaById(3))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("PROTOBUF");
  }
}
