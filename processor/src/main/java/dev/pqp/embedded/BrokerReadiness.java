package dev.pqp.embedded;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waits until a broker answers metadata requests with at least one live node. */
public final class BrokerReadiness {
  private BrokerReadiness() {}

  /** Blocks until the cluster at {@code bootstrapServers} answers, or throws after 60 s. */
  public static void await(String bootstrapServers) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Exception last = null;
    try (Admin admin =
        Admin.create(Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
      while (System.nanoTime() < deadline) {
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          last = e;
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("Kafka at " + bootstrapServers + " did not become ready in 60 s", last);
  }
}
