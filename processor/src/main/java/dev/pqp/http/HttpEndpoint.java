package dev.pqp.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /health} (200 while the process lives) and
 * {@code /ready} (200 only while Kafka Streams is RUNNING), JSON documents under {@code /api/} (built
 * elsewhere: this class only routes) and the status page at {@code /}, on the JDK's HTTP server.
 */
public final class HttpEndpoint implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HttpEndpoint.class);
  private final HttpServer server;

  private HttpEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * @param json the JSON document of each path under {@code /api/}, such as {@code /api/models}; a supplier
   *     is called per request and may take a while (it may ask other instances)
   */
  public static HttpEndpoint start(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier ready,
      Map<String, Supplier<String>> json) throws IOException {
    byte[] page;
    try (var in = HttpEndpoint.class.getResourceAsStream("/status/index.html")) {
      page = in == null ? "<p>status page missing from the jar</p>".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
    }
    String statusPage = new String(page, StandardCharsets.UTF_8);
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (java.net.BindException e) {
      throw inUse(host, port, e);
    }
    server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
    server.createContext("/health", ex -> send(ex, 200, "text/plain", "ok\n"));
    server.createContext("/ready", ex -> {
      boolean ok = ready.getAsBoolean();
      send(ex, ok ? 200 : 503, "text/plain", ok ? "ready\n" : "not ready\n");
    });
    server.createContext("/", ex -> {
      if (!ex.getRequestURI().getPath().equals("/")) {
        send(ex, 404, "text/plain", "not found\n");
        return;
      }
      ex.getResponseHeaders().set("Cache-Control", "no-cache");
      send(ex, 200, "text/html; charset=utf-8", statusPage);
    });
    json.forEach((path, body) -> server.createContext(path, ex -> {
      if (!ex.getRequestURI().getPath().equals(path)) {
        send(ex, 404, "text/plain", "not found\n");
        return;
      }
      String doc;
      try {
        doc = body.get();
      } catch (RuntimeException e) {
        LOG.warn("{} failed", path, e);
        send(ex, 500, "text/plain", "failed: " + e + "\n");
        return;
      }
      send(ex, 200, "application/json", doc);
    }));
    // four threads: /api/models waits (up to its timeout) for the other instances, which meanwhile ask this one
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "pqp-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    return new HttpEndpoint(server);
  }

  /**
   * Fails with a message naming the setting, the address and the port when another process listens there,
   * so that start-up stops before it creates anything; port 0 (any free port) always passes.
   */
  public static void checkFree(String host, int port) {
    if (port == 0) {
      return;
    }
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw inUse(host, port, e);
    }
  }

  private static dev.pqp.config.ConfigException inUse(String host, int port, IOException e) {
    return new dev.pqp.config.ConfigException("http.port " + port + " on " + host + " cannot be used (" + e.getMessage()
        + "): another process listens there; set http.port (--http-port) to a free port, or 0 for any");
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(ex.getRequestMethod());
    ex.sendResponseHeaders(status, head ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      if (!head) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
