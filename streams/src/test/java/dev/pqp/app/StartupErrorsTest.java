package dev.pqp.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pqp.config.ConfigException;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.http.HttpEndpoint;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up stops with one line that names what is wrong: a busy HTTP port, an unreachable broker. */
class StartupErrorsTest {
  @TempDir Path dir;

  @Test
  void shouldNameABusyHttpPortBeforeTouchingKafka() throws Exception {
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      int port = busy.getLocalPort();
      // the broker address is unreachable: the port check must come first and fail at once
      PqpConfig config = ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "127.0.0.1:1",
          "http.host", "127.0.0.1", "http.port", Integer.toString(port), "state.dir", dir.toString()));
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> PqpRuntime.start(config)).isInstanceOf(ConfigException.class)
          .hasMessageContaining("http.port " + port).hasMessageContaining("127.0.0.1");
      assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
    }
    HttpEndpoint.checkFree("127.0.0.1", 0); // any free port: always fine
  }

  @Test
  void shouldStopWithinTheStartupTimeoutNamingTheAddressWhenKafkaCannotBeReached() {
    PqpConfig config = ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "127.0.0.1:1",
        "http.port", "0", "startup.timeout", "2s", "state.dir", dir.toString()));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> PqpRuntime.start(config)).isInstanceOf(ConfigException.class)
        .hasMessage("cannot reach Kafka at 127.0.0.1:1 within 2 s (setting startup.timeout): check bootstrap.servers, "
            + "that the brokers are up and that this host can connect to them");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10.0);
  }
}
