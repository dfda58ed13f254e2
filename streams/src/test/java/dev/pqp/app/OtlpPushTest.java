package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.pqp.config.ConfigException;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.OtlpSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OTLP push against a loopback receiver: a Micrometer meter and a collector registered directly in the
 * Prometheus registry (as pqp's histograms are) both arrive, with the configured headers.
 */
class OtlpPushTest {
  private record Received(String path, String contentType, String authorization, String body) {}

  @Test
  void shouldPushMicrometerMetersAndNativeCollectorsWithTheConfiguredHeaders() throws Exception {
    BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/", ex -> {
      byte[] body = ex.getRequestBody().readAllBytes();
      received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Content-Type"),
          ex.getRequestHeaders().getFirst("Authorization"), new String(body, StandardCharsets.ISO_8859_1)));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    receiver.start();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.gauge("pqp.test.gauge", 42.0);
    registry.getPrometheusRegistry().register(() -> GaugeSnapshot.builder().name("pqp_native").help("a native collector")
        .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(7).build()).build());
    OtlpSettings settings = ConfigLoader.load(null, Map.of(), Map.of(
        "otlp.endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort(),
        "otlp.interval", "1s", "otlp.headers", "Authorization=Bearer s3cret")).otlp();
    try (OtlpPush push = OtlpPush.start(settings, registry.getPrometheusRegistry(), "test@127.0.0.1:0")) {
      Received r = received.poll(30, TimeUnit.SECONDS);
      assertThat(r).as("an OTLP request within 30 s").isNotNull();
      assertThat(r.path()).isEqualTo("/v1/metrics");
      assertThat(r.contentType()).isEqualTo("application/x-protobuf");
      assertThat(r.authorization()).isEqualTo("Bearer s3cret");
      assertThat(r.body()).contains("pqp_test_gauge").contains("pqp_native").contains("test@127.0.0.1:0");
    } finally {
      receiver.stop(0);
    }
    assertThat(settings.toString()).doesNotContain("s3cret");
  }

  @Test
  void shouldBeOffByDefaultAndRejectBadSettingsNamingThem() {
    assertThat(ConfigLoader.load(null, Map.of(), Map.of()).otlp().enabled()).isFalse();
    assertThat(OtlpPush.start(ConfigLoader.load(null, Map.of(), Map.of()).otlp(), null, "x")).isNull();
    for (var bad : java.util.List.of(Map.of("otlp.endpoint", "collector:4318"), Map.of("otlp.protocol", "udp"),
        Map.of("otlp.headers", "s3cret"))) {
      assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), bad)).isInstanceOf(ConfigException.class)
          .hasMessageContaining(bad.keySet().iterator().next()).hasMessageNotContaining("s3cret");
    }
    assertThat(Duration.ofSeconds(60)).isEqualTo(ConfigLoader.load(null, Map.of(), Map.of()).otlp().interval());
  }
}
