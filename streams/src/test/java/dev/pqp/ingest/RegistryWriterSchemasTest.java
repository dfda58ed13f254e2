package dev.pqp.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's writer schemas through the real client against a loopback JDK HTTP server whose status can be
 * switched, with a fake clock for the outage guard: cached ids never reach the server, new ids fail fast
 * while it is down, and one probe per interval finds it back.
 */
class RegistryWriterSchemasTest {
  private static final String STRING_SCHEMA = "{\"schema\":\"\\\"string\\\"\"}";

  private final AtomicInteger status = new AtomicInteger(200);
  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final AtomicLong nanos = new AtomicLong();
  private HttpServer server;
  private RegistryWriterSchemas schemas;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      paths.add(exchange.getRequestURI().getPath());
      int s = status.get();
      byte[] body = (s == 200 ? STRING_SCHEMA : "{\"error_code\":" + s + "03,\"message\":\"x\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(s, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    SchemaRegistryClient client =
        new SchemaRegistryClient(RegistryConfig.of("http://127.0.0.1:" + server.getAddress().getPort()));
    schemas = new RegistryWriterSchemas(client, new RegistryOutage(Duration.ofSeconds(5), nanos::get));
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void assertRejected(int id, RejectReason reason) {
    assertThatThrownBy(() -> schemas.byId(id))
        .isInstanceOfSatisfying(Rejection.class, r -> assertThat(r.reason()).isEqualTo(reason));
  }

  @Test
  void shouldServeCachedIdsWithoutTheRegistryAndFailNewIdsFastWhileItIsDown() {
    assertThat(schemas.byId(1).getType()).isEqualTo(Schema.Type.STRING);
    assertThat(paths).containsExactly("/schemas/ids/1");

    status.set(503); // the registry fails: the client's three rounds, then an outage
    assertRejected(2, RejectReason.REGISTRY_UNAVAILABLE);
    assertThat(paths).hasSize(4);

    for (int i = 0; i < 100; i++) {
      assertRejected(2 + i % 3, RejectReason.REGISTRY_UNAVAILABLE);
      assertThat(schemas.byId(1).getType()).isEqualTo(Schema.Type.STRING);
    }
    assertThat(paths).as("no request during the outage").hasSize(4);

    status.set(200);
    nanos.addAndGet(Duration.ofMillis(4_999).toNanos());
    assertRejected(2, RejectReason.REGISTRY_UNAVAILABLE);
    assertThat(paths).hasSize(4);
    nanos.addAndGet(Duration.ofMillis(1).toNanos());
    assertThat(schemas.byId(2).getType()).isEqualTo(Schema.Type.STRING); // the probe
    assertThat(schemas.byId(3).getType()).isEqualTo(Schema.Type.STRING);
    assertThat(paths).containsExactly("/schemas/ids/1", "/schemas/ids/2", "/schemas/ids/2", "/schemas/ids/2",
        "/schemas/ids/2", "/schemas/ids/3");
  }

  @Test
  void shouldKeepAnUnknownIdAsBadDataAndNotStartAnOutage() {
    status.set(404);

    assertRejected(7, RejectReason.UNKNOWN_SCHEMA_ID);
    assertRejected(7, RejectReason.UNKNOWN_SCHEMA_ID);

    assertThat(paths).hasSize(2);
  }
}
