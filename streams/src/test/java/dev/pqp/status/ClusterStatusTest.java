package dev.pqp.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/models} gathers every instance's {@code /api/local/models}: the versions of the instances that
 * answer are merged; one that hangs, refuses or fails is reported, and the answer comes within the timeout.
 */
class ClusterStatusTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private final List<HttpServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(s -> s.stop(0));
  }

  @Test
  void shouldAnswerAloneWithoutAskingAnyoneWhenThereIsOneInstance() {
    AtomicInteger asked = new AtomicInteger();
    ClusterStatus status = new ClusterStatus(() -> local("a:1", version("m", "v1", "a:1", 100, 200)), () -> {
      asked.incrementAndGet();
      return new ClusterStatus.Peers(List.of(), null);
    }, TIMEOUT, 48);

    ClusterModels c = status.gather();

    assertThat(asked).hasValue(1);
    assertThat(c.instance()).isEqualTo("a:1");
    assertThat(c.instances()).singleElement().satisfies(i -> {
      assertThat(i.self()).isTrue();
      assertThat(i.ok()).isTrue();
      assertThat(i.versions()).isEqualTo(1);
    });
    assertThat(c.models()).singleElement().satisfies(m -> assertThat(m.versions()).extracting(VersionStatus::version)
        .containsExactly("v1"));
  }

  @Test
  void shouldMergeTheInstancesThatAnswerAndReportTheOnesThatDoNotWithinTheTimeout() throws Exception {
    String good = serve(200, StatusJson.write(local("good", version("m", "v2", "good", 300),
        performanceOnly("m", "v1", "good"))), 0);
    String slow = serve(200, StatusJson.write(local("slow", version("m", "v3", "slow", 300))), 1_500);
    String failing = serve(500, "boom", 0);
    String refused = "127.0.0.1:" + closedPort();
    ClusterStatus status = new ClusterStatus(() -> local("self", version("m", "v1", "self", 100, 200)),
        () -> new ClusterStatus.Peers(List.of(good, slow, failing, refused), null), TIMEOUT, 48);

    long t0 = System.nanoTime();
    ClusterModels c = status.gather();
    long tookMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(tookMs).as("one deadline for all peers, not one each").isLessThan(TIMEOUT.toMillis() + 600);
    assertThat(c.instances()).extracting(ClusterModels.InstanceReport::instance)
        .containsExactly("self", good, slow, failing, refused);
    assertThat(c.instances()).extracting(ClusterModels.InstanceReport::ok).containsExactly(true, true, false, false, false);
    assertThat(c.instances().get(2).error()).isEqualTo("no answer within 400 ms");
    assertThat(c.instances().get(3).error()).isEqualTo("answered HTTP 500");
    assertThat(c.instances().get(4).error()).startsWith("unreachable: ");
    VersionStatus v1 = c.models().get(0).versions().get(0);
    assertThat(c.models().get(0).versions()).extracting(VersionStatus::version).containsExactly("v1", "v2");
    assertThat(v1.instances()).as("windows from one instance, performance from another").containsExactly("self", "good");
    assertThat(v1.windows()).extracting(WindowSummary::windowStart).containsExactly(100L, 200L);
    assertThat(v1.performance()).extracting(PerformanceSummary::horizon).containsExactly("window", "1h");
  }

  @Test
  void shouldKeepOneWindowPerStartAndTheNewerFiguresWhenTwoInstancesAnswerForAVersionWhileItMoves() {
    StatusMerge merge = new StatusMerge(3);
    PerformanceSummary older = perf("m", "v1", "window", 100L);
    PerformanceSummary newer = perf("m", "v1", "window", 200L);
    merge.add(List.of(new VersionStatus("m", "v1", List.of("a"), windows("m", "v1", 100, 200, 300), List.of(newer))));
    merge.add(List.of(new VersionStatus("m", "v1", List.of("b"), windows("m", "v1", 200, 300, 400), List.of(older))));

    VersionStatus v = merge.models().get(0).versions().get(0);

    assertThat(v.instances()).containsExactly("a", "b");
    assertThat(v.windows()).extracting(WindowSummary::windowStart).as("the last 3").containsExactly(200L, 300L, 400L);
    assertThat(v.performance()).containsExactly(newer);
  }

  private String serve(int status, String body, long delayMs) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(ClusterStatus.LOCAL_PATH, ex -> {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    });
    s.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    s.start();
    servers.add(s);
    return "127.0.0.1:" + s.getAddress().getPort();
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static LocalModels local(String instance, VersionStatus... versions) {
    return new LocalModels(instance, "RUNNING", null, List.of(versions));
  }

  private static VersionStatus version(String model, String version, String instance, long... starts) {
    return new VersionStatus(model, version, List.of(instance), windows(model, version, starts), List.of());
  }

  private static VersionStatus performanceOnly(String model, String version, String instance) {
    return new VersionStatus(model, version, List.of(instance), List.of(),
        List.of(perf(model, version, "1h", null), perf(model, version, "window", 100L)));
  }

  private static List<WindowSummary> windows(String model, String version, long... starts) {
    List<WindowSummary> out = new ArrayList<>();
    for (long start : starts) {
      out.add(new WindowSummary(model, version, start, start + 100, "training", 10, 0.5, true,
          List.of(new WindowSummary.Feature("x", 0.3, 0.2, true, 0.0, 0.001, 1)), new WindowSummary.Mix(0.5, 0.5, Map.of()),
          new WindowSummary.Serving(10, 0.0, 12.0)));
    }
    return out;
  }

  private static PerformanceSummary perf(String model, String version, String horizon, Long start) {
    return new PerformanceSummary(model, version, horizon, false, start, 0.8, 0.7, 0.9, null, 0.5, 100L, 200);
  }
}
