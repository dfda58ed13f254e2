package dev.pqp.config;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optional OTLP push of every metric pqp serves on {@code /metrics}, beside it.
 *
 * @param endpoint the collector's base URL, {@code null} when the push is off
 * @param protocol {@code http/protobuf} or {@code grpc}
 * @param interval how often the metrics are pushed
 * @param headers headers of every request (for example an authorization token); never logged
 */
public record OtlpSettings(String endpoint, String protocol, Duration interval, Map<String, String> headers) {
  public OtlpSettings {
    headers = Map.copyOf(headers);
  }

  public boolean enabled() {
    return endpoint != null;
  }

  /** The headers' names only, so that a token in them never reaches a log or a config dump. */
  @Override
  public String toString() {
    return "OtlpSettings[endpoint=" + endpoint + ", protocol=" + protocol + ", interval=" + interval + ", headers="
        + headers.keySet() + "]";
  }

  static OtlpSettings from(Settings s) {
    String endpoint = s.string(ConfigKey.OTLP_ENDPOINT.key(), null);
    if (endpoint != null) {
      endpoint = endpoint.trim();
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw ConfigException.invalid(ConfigKey.OTLP_ENDPOINT.key(), endpoint, "expected a URL such as http://otel-collector:4318");
      }
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw ConfigException.invalid(ConfigKey.OTLP_ENDPOINT.key(), endpoint, "expected a URL such as http://otel-collector:4318");
      }
    }
    String protocol = s.string(ConfigKey.OTLP_PROTOCOL.key(), "http/protobuf").trim();
    if (!protocol.equals("http/protobuf") && !protocol.equals("grpc")) {
      throw ConfigException.invalid(ConfigKey.OTLP_PROTOCOL.key(), protocol, "expected http/protobuf or grpc");
    }
    Duration interval = s.duration(ConfigKey.OTLP_INTERVAL.key(), Duration.ofSeconds(60), Duration.ofSeconds(1));
    return new OtlpSettings(endpoint, protocol, interval, headers(s.string(ConfigKey.OTLP_HEADERS.key(), "")));
  }

  private static Map<String, String> headers(String spec) {
    Map<String, String> out = new LinkedHashMap<>();
    if (spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        // the value may be a secret: name the setting, not what was given
        throw ConfigException.invalid(ConfigKey.OTLP_HEADERS.key(), "<hidden>", "expected key=value[,key=value...]");
      }
      out.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
    }
    return out;
  }
}
