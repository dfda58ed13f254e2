package dev.pqp.http;

import dev.pqp.config.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves {@code /metrics} (Prometheus text format), {@code /health} (200 while the process lives) and
 * {@code /ready} (200 only while Kafka Streams is RUNNING), JSON documents under {@code /api/} (built
 * elsewhere: this class only routes) and the status page at {@code /}; GET and HEAD only, exact paths only
 * ({@link Router}), optionally over TLS and behind a bearer token or basic auth ({@link HttpSettings}).
 *
 * <p>On Jetty 12 (core Handler API, no servlets) rather than the JDK's {@code com.sun.net.httpserver}: the JDK
 * server writes a response on the worker thread and blocks there while the client does not read, has no idle
 * or read timeout for a connection that sent half a request (only JDK-wide system properties), no connection
 * limit and no header-size limit, so two stalled clients could take both threads and with them
 * {@code /health}. Jetty parses requests and writes responses on its selector without holding a thread,
 * closes a connection idle past {@code http.idle-timeout}, bounds threads ({@link QueuedThreadPool}),
 * connections ({@link NetworkConnectionLimit}) and request headers, and serves TLS from a keystore; it is
 * actively maintained and runs on Java 17 (Helidon 4 needs 21).
 *
 * <p>Connections that only stay open cannot starve {@code /health} and {@code /ready}: each must send its request
 * head within {@link #FIRST_REQUEST_DEADLINE_MS} (or the idle timeout, if shorter), and past {@link #softLimit}
 * open connections a new one closes the oldest that has not sent a request yet ({@link ConnectionGate}); the hard
 * limit, twice that, only guards the file descriptors. Before, a fixed limit of 128 connections paused accepting:
 * 128 idle clients kept every probe out for a minute.
 */
public final class HttpEndpoint implements AutoCloseable {
  /** Worker threads at most: requests are short, except {@code /api/models}, which waits for the other instances. */
  static final int MAX_THREADS = 16;
  /** A connection that has not sent a whole request head this long after it opened is closed. */
  static final long FIRST_REQUEST_DEADLINE_MS = 10_000;
  /** While at the hard limit, connections idle this long are closed (Jetty's low-resources idle timeout). */
  static final long LIMITED_IDLE_TIMEOUT_MS = 1_000;
  /** Bytes of request line and headers at most (431 past it). */
  static final int MAX_HEADER_BYTES = 8192;

  private final Server server;
  private final ServerConnector connector;

  private HttpEndpoint(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * @param json the JSON document of each path under {@code /api/}, such as {@code /api/models}; a supplier
   *     is called per request and may take a while (it may ask other instances)
   */
  public static HttpEndpoint start(HttpSettings settings, PrometheusMeterRegistry registry, BooleanSupplier ready,
      Map<String, Supplier<String>> json) throws IOException {
    return start(settings, registry, ready, json, () -> "");
  }

  /**
   * As above, with {@code /health} answering {@code ok} and then the lines of {@code healthDetail} (such as
   * Kafka connectivity): still 200 whatever they say, since a process that lives is healthy.
   */
  public static HttpEndpoint start(HttpSettings settings, PrometheusMeterRegistry registry, BooleanSupplier ready,
      Map<String, Supplier<String>> json, Supplier<String> healthDetail) throws IOException {
    byte[] page;
    try (var in = HttpEndpoint.class.getResourceAsStream("/status/index.html")) {
      page = in == null ? "<p>status page missing from the jar</p>".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
    }
    String statusPage = new String(page, StandardCharsets.UTF_8);
    Map<String, Router.Route> routes = new HashMap<>();
    routes.put("/metrics", new Router.Route("text/plain; version=0.0.4; charset=utf-8", settings.authMetrics(),
        () -> new Router.Reply(200, registry.scrape())));
    routes.put("/health", new Router.Route("text/plain", false, () -> new Router.Reply(200, "ok\n" + healthDetail.get())));
    routes.put("/ready", new Router.Route("text/plain", false, () -> ready.getAsBoolean()
        ? new Router.Reply(200, "ready\n") : new Router.Reply(503, "not ready\n")));
    routes.put("/", new Router.Route("text/html; charset=utf-8", true, () -> new Router.Reply(200, statusPage)));
    json.forEach((path, body) -> routes.put(path, new Router.Route("application/json", true,
        () -> new Router.Reply(200, body.get()))));
    return start(settings, routes, softLimit(maxFileDescriptors()));
  }

  /** As above, on {@code routes}, with {@code soft} open connections before waiting ones yield to new ones. */
  static HttpEndpoint start(HttpSettings settings, Map<String, Router.Route> routes, int soft) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("pqp-http");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    Server server = new Server(threads);
    ServerConnector connector = connector(server, settings);
    server.addConnector(connector);
    ConnectionGate gate = new ConnectionGate(connector, Math.min(FIRST_REQUEST_DEADLINE_MS,
        settings.idleTimeout().toMillis()), soft);
    connector.addEventListener(gate);
    NetworkConnectionLimit hard = new NetworkConnectionLimit(2 * soft, connector);
    hard.setEndPointIdleTimeout(LIMITED_IDLE_TIMEOUT_MS);
    server.addBean(hard);
    server.setHandler(new Router(routes, Credentials.of(settings.auth()), gate));
    server.setStopTimeout(1000);
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw inUse(settings.host(), settings.port(), e);
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("the HTTP endpoint did not start: " + e.getMessage(), e);
    }
    return new HttpEndpoint(server, connector);
  }

  /**
   * Open connections before a new one closes the oldest waiting one: an eighth of the file descriptors this process
   * may open (Kafka's sockets and RocksDB's files need the rest), from 128 to 4,096.
   */
  static int softLimit(long maxFileDescriptors) {
    return (int) Math.max(128, Math.min(4096, maxFileDescriptors / 8));
  }

  private static long maxFileDescriptors() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : 1024;
  }

  private static ServerConnector connector(Server server, HttpSettings settings) {
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setResponseHeaderSize(MAX_HEADER_BYTES);
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector;
    if (settings.tls() == null) {
      connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    } else {
      http.addCustomizer(new SecureRequestCustomizer(false));
      connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(TlsContext.of(settings.tls()), "http/1.1"),
          new HttpConnectionFactory(http));
    }
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    return connector;
  }

  /**
   * What start-up checks of the endpoint before anything is created: the port is free ({@link #checkFree}) and the
   * TLS keystore or PEM files open with their password; each failure a {@link dev.pqp.config.ConfigException} that
   * names its setting.
   */
  public static void check(HttpSettings settings) {
    checkFree(settings.host(), settings.port());
    if (settings.tls() != null) {
      TlsContext.check(settings.tls());
    }
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
    return connector.getLocalPort();
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // nothing started that needs more
    }
  }

  @Override
  public void close() {
    stopQuietly(server);
  }
}
