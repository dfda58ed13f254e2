package dev.pqp.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pqp.config.HttpSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Stalled and slow clients, methods, paths and sizes: what the endpoint refuses and what it keeps answering. */
class HttpEndpointLimitsTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final String BIG = "x".repeat(8 << 20);

  @Test
  void shouldAnswerHealthAndReadyWithinOneSecondWhileTwentyClientsStall() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(20), null, null, false);
    List<Socket> stalled = new ArrayList<>();
    try (HttpEndpoint http = HttpEndpoint.start(settings, registry(), () -> true, Map.of("/api/big", () -> BIG))) {
      for (int i = 0; i < 10; i++) {
        // asks for 8 MiB and never reads them
        Socket s = new Socket();
        s.setReceiveBufferSize(1024);
        s.connect(new java.net.InetSocketAddress("127.0.0.1", http.port()));
        s.getOutputStream().write("GET /api/big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        stalled.add(s);
        // sends half a request and nothing more
        Socket half = new Socket("127.0.0.1", http.port());
        half.getOutputStream().write("GET /health HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
        stalled.add(half);
      }
      Thread.sleep(500); // the big responses are being written and block on the full socket buffers

      for (String path : List.of("/health", "/ready", "/health", "/ready")) {
        long start = System.nanoTime();
        HttpResponse<String> r = get("http://127.0.0.1:" + http.port() + path);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(java.util.Locale.ROOT, "[http] %s with 20 stalled clients: %d in %d ms%n", path, r.statusCode(), ms);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ms).isLessThan(1000);
      }
      long workers = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("pqp-http")).count();
      System.out.printf(java.util.Locale.ROOT, "[http] pqp-http threads with 20 stalled clients: %d%n", workers);
      assertThat(workers).isLessThanOrEqualTo(HttpEndpoint.MAX_THREADS);
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void shouldAnswerProbesWithinOneHundredMillisecondsWhileAThousandConnectionsAreHeldOpen() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30), null, null, false);
    List<Socket> held = new ArrayList<>();
    List<java.nio.channels.SocketChannel> silent = new ArrayList<>();
    ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();
    try (HttpEndpoint http = HttpEndpoint.start(settings, registry(), () -> true, Map.of())) {
      String base = "http://127.0.0.1:" + http.port();
      assertThat(get(base + "/health").statusCode()).isEqualTo(200); // the client's classes loaded, not timed
      var address = new java.net.InetSocketAddress("127.0.0.1", http.port());
      for (int i = 0; i < 950; i++) { // open and silent, connected all at once
        java.nio.channels.SocketChannel c = java.nio.channels.SocketChannel.open();
        c.configureBlocking(false);
        c.connect(address);
        silent.add(c);
      }
      long connected = 0;
      for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline && connected < 950; ) {
        connected = 0;
        for (java.nio.channels.SocketChannel c : silent) {
          connected += c.isConnected() || c.finishConnect() ? 1 : 0;
        }
      }
      assertThat(connected).as("silent connections the endpoint let in within 5 s").isEqualTo(950);
      List<Socket> slow = new ArrayList<>();
      for (int i = 0; i < 50; i++) { // a request head sent a byte every 100 ms, never finished
        Socket s = new Socket("127.0.0.1", http.port());
        s.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      held.addAll(slow);
      drip.scheduleAtFixedRate(() -> slow.forEach(s -> {
        try {
          s.getOutputStream().write('a');
        } catch (java.io.IOException closed) {
          // closed by the endpoint: what it should do in the end
        }
      }), 100, 100, TimeUnit.MILLISECONDS);
      Thread.sleep(500);
      long worst = 0;
      for (int i = 0; i < 20; i++) {
        String path = i % 2 == 0 ? "/health" : "/ready";
        long start = System.nanoTime();
        HttpResponse<String> r = get(base + path);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        worst = Math.max(worst, ms);
      }
      System.out.printf(java.util.Locale.ROOT, "[http] 20 probes with 950 silent and 50 slow connections open: "
          + "slowest %d ms%n", worst);
      assertThat(worst).isLessThan(100);
    } finally {
      drip.shutdownNow();
      for (Socket s : held) {
        s.close();
      }
      for (java.nio.channels.SocketChannel c : silent) {
        c.close();
      }
    }
  }

  @Test
  void shouldMakeRoomForAProbeByClosingTheOldestConnectionThatSentNothing() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofSeconds(30), null, null, false);
    Map<String, Router.Route> routes = Map.of("/health", new Router.Route("text/plain", false,
        () -> new Router.Reply(200, "ok\n")));
    List<Socket> held = new ArrayList<>();
    try (HttpEndpoint http = HttpEndpoint.start(settings, routes, 16)) {
      for (int i = 0; i < 100; i++) { // far past the soft limit of 16 and the hard limit of 32
        held.add(new Socket("127.0.0.1", http.port()));
      }
      Thread.sleep(300);
      long start = System.nanoTime();
      HttpResponse<String> r = get("http://127.0.0.1:" + http.port() + "/health");
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(ms).isLessThan(1000);
      Socket first = held.get(0);
      first.setSoTimeout(2000);
      assertThat(first.getInputStream().read()).as("the oldest silent connection was closed").isEqualTo(-1);
      System.out.printf(java.util.Locale.ROOT, "[http] 100 silent connections against a soft limit of 16: probe "
          + "answered in %d ms, the oldest closed%n", ms);
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void shouldCloseAConnectionThatDripsItsRequestHeadPastTheDeadline() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofMillis(500), null, null, false);
    try (HttpEndpoint http = HttpEndpoint.start(settings, registry(), () -> true, Map.of());
        Socket slow = new Socket("127.0.0.1", http.port())) {
      long start = System.nanoTime();
      java.io.OutputStream out = slow.getOutputStream();
      out.write("GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
      boolean closed = false;
      for (int i = 0; i < 50 && !closed; i++) { // a byte every 100 ms: never idle for the 500 ms idle timeout
        Thread.sleep(100);
        try {
          out.write('a');
          out.flush();
        } catch (java.io.IOException e) {
          closed = true;
        }
      }
      if (!closed) {
        slow.setSoTimeout(1000);
        try {
          closed = slow.getInputStream().read() == -1;
        } catch (java.net.SocketException e) {
          closed = true;
        }
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(java.util.Locale.ROOT, "[http] a request head dripped a byte per 100 ms: closed after %d ms "
          + "(deadline 500 ms)%n", ms);
      assertThat(closed).isTrue();
      assertThat(ms).isLessThan(3000);
    }
  }

  @Test
  void shouldCloseAConnectionThatSentHalfARequestAfterTheIdleTimeout() throws Exception {
    HttpSettings settings = new HttpSettings("127.0.0.1", 0, Duration.ofMillis(500), null, null, false);
    try (HttpEndpoint http = HttpEndpoint.start(settings, registry(), () -> true, Map.of());
        Socket half = new Socket("127.0.0.1", http.port())) {
      half.setSoTimeout(5000);
      half.getOutputStream().write("GET /health HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      InputStream in = half.getInputStream();
      try {
        in.readAllBytes(); // whatever Jetty says (if anything), then the end of the stream
      } catch (SocketTimeoutException e) {
        throw new AssertionError("still open after 5 s", e);
      } catch (java.net.SocketException e) {
        // reset: closed as well
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.printf(java.util.Locale.ROOT, "[http] half a request closed after %d ms (idle timeout 500 ms)%n", ms);
      assertThat(ms).isBetween(400L, 3000L);
    }
  }

  @Test
  void shouldAnswerGetAndHeadOnExactPathsOnlyAndRefuseBodiesAndLargeHeaders() throws Exception {
    try (HttpEndpoint http = HttpEndpoint.start(HttpSettings.open("127.0.0.1", 0), registry(), () -> true,
        Map.of("/api/models", () -> "{}"))) {
      String base = "http://127.0.0.1:" + http.port();
      for (String path : List.of("/metrics/anything", "/healthz", "/health/", "/api/models/x", "/api", "/index.html")) {
        assertThat(get(base + path).statusCode()).as(path).isEqualTo(404);
      }
      for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH")) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + "/health"))
            .method(method, HttpRequest.BodyPublishers.noBody()));
        assertThat(r.statusCode()).as(method).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).as(method).hasValue("GET, HEAD");
      }
      HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(base + "/health"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()));
      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(head.body()).isEmpty();
      assertThat(head.headers().firstValue("Content-Length")).hasValue("3");
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))
          .method("GET", HttpRequest.BodyPublishers.ofString("body"))).statusCode()).isEqualTo(413);
      assertThat(send(HttpRequest.newBuilder(URI.create(base + "/health"))
          .header("X-Big", "y".repeat(HttpEndpoint.MAX_HEADER_BYTES))).statusCode()).isEqualTo(431);
      HttpResponse<String> ok = get(base + "/health");
      assertThat(ok.headers().firstValue("Server")).isEmpty();
      assertThat(get(base + "/metrics").statusCode()).isEqualTo(200);
    }
  }

  static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  private static HttpResponse<String> get(String uri) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(uri)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
