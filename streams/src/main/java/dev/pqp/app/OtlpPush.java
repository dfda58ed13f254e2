package dev.pqp.app;

import dev.pqp.config.OtlpSettings;
import io.prometheus.metrics.exporter.opentelemetry.OpenTelemetryExporter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The optional OTLP push (setting {@code otlp.endpoint}): every metric of the registry behind
 * {@code /metrics}, Micrometer's meters and pqp's own collectors alike, pushed every {@code otlp.interval}
 * by the Prometheus client's OpenTelemetry exporter, with service name {@code pqp} and this instance's id.
 */
final class OtlpPush implements AutoCloseable {
  private final OpenTelemetryExporter exporter;

  private OtlpPush(OpenTelemetryExporter exporter) {
    this.exporter = exporter;
  }

  /** Starts the push, or returns {@code null} when it is off. */
  static OtlpPush start(OtlpSettings settings, PrometheusRegistry registry, String instanceId) {
    if (!settings.enabled()) {
      return null;
    }
    OpenTelemetryExporter.Builder b = OpenTelemetryExporter.builder()
        .registry(registry)
        .endpoint(settings.endpoint())
        .protocol(settings.protocol())
        .intervalSeconds((int) Math.max(1, settings.interval().toSeconds()))
        .serviceName("pqp")
        .serviceInstanceId(instanceId);
    settings.headers().forEach(b::header);
    return new OtlpPush(b.buildAndStart());
  }

  @Override
  public void close() {
    exporter.close();
  }
}
