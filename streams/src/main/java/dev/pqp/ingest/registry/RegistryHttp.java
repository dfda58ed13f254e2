package dev.pqp.ingest.registry;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * Sends one request to the first registry URL that answers, retrying a few times with backoff. Emits the
 * answer for any status below 500, leaving its meaning to {@link SchemaRegistryClient}; throws
 * {@link RegistryUnavailableException} when no URL answered usefully.
 *
 * <p>The whole call, every URL and retry included, stays within {@link RegistryConfig#requestTimeout()}: a
 * registry that accepts connections and never answers would otherwise hold the caller for three timeouts
 * per URL, and the caller is a stream thread inside a transaction that Kafka aborts after 10 s.
 */
final class RegistryHttp {
  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  // Small and bounded: a stream thread blocked here stops all its tasks, and an outage longer than
  // this is for the application's exception handler to decide on, not for a hidden loop.
  private static final int ROUNDS = 3;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  private final RegistryConfig config;
  private final HttpClient client;
  private final String authorization;

  RegistryHttp(RegistryConfig config) {
    this.config = config;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .sslContext(TrustStores.sslContext(config))
            .build();
    this.authorization =
        config.basicAuthUserInfo() == null
            ? null
            : "Basic " + Base64.getEncoder()
                .encodeToString(config.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
  }

  /** GET {@code path} (relative to each base URL). */
  HttpResponse<String> get(String path) {
    return send(path, null);
  }

  /** POST {@code json} to {@code path} (relative to each base URL). */
  HttpResponse<String> post(String path, String json) {
    return send(path, json);
  }

  private HttpResponse<String> send(String path, String json) {
    Exception last = null;
    Duration backoff = FIRST_BACKOFF;
    long deadline = System.nanoTime() + config.requestTimeout().toNanos();
    for (int round = 1; round <= ROUNDS; round++) {
      for (URI base : config.urls()) {
        Duration left = Duration.ofNanos(deadline - System.nanoTime());
        if (left.toMillis() <= 0) {
          throw unavailable(round, last);
        }
        try {
          HttpResponse<String> response =
              client.send(request(base, path, json, left), HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() < 500) {
            return response;
          }
          last = new IOException("HTTP " + response.statusCode() + " from " + base + ": " + response.body());
        } catch (IOException e) {
          last = e; // refused, reset, timed out or TLS failure: try the next URL
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RegistryUnavailableException("Interrupted while calling the schema registry", e);
        }
      }
      if (round < ROUNDS) {
        sleep(min(backoff, Duration.ofNanos(deadline - System.nanoTime())));
        backoff = backoff.multipliedBy(2);
      }
    }
    throw unavailable(ROUNDS, last);
  }

  private RegistryUnavailableException unavailable(int rounds, Exception last) {
    return new RegistryUnavailableException("Schema registry unavailable at " + config.urls() + " after " + rounds
        + " round(s) within " + config.requestTimeout().toMillis() + " ms: " + last, last);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private HttpRequest request(URI base, String path, String json, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(timeout)
            .header("Accept", CONTENT_TYPE + ", application/json");
    if (authorization != null) {
      builder.header("Authorization", authorization);
    }
    if (json == null) {
      return builder.GET().build();
    }
    return builder
        .header("Content-Type", CONTENT_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
  }

  private static void sleep(Duration backoff) {
    if (backoff.isNegative() || backoff.isZero()) {
      return;
    }
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException("Interrupted while waiting to retry the schema registry", e);
    }
  }
}
