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

  /** Starts pqp with {@code settings} against an unreachable broker: the error must come before any Kafka call. */
  private void assertStopsBeforeKafka(Map<String, String> settings, String message) {
    Map<String, String> all = new java.util.HashMap<>(Map.of("bootstrap.servers", "127.0.0.1:1", "http.host",
        "127.0.0.1", "http.port", "0", "state.dir", dir.resolve("state").toString(), "startup.timeout", "30s"));
    all.putAll(settings);
    PqpConfig config = ConfigLoader.load(null, Map.of(), all);
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> PqpRuntime.start(config)).isInstanceOf(ConfigException.class).hasMessageContaining(message);
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5.0);
  }

  @Test
  void shouldNameAStateDirThatCannotBeCreatedBeforeTouchingKafka() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("a-file"), "not a directory");
    assertStopsBeforeKafka(Map.of("state.dir", file.resolve("state").toString()),
        "state.dir: cannot create or write " + file.resolve("state").resolve("pqp"));
  }

  @Test
  void shouldNameAStateDirInUseByAnotherInstanceBeforeTouchingKafka() throws Exception {
    Path app = java.nio.file.Files.createDirectories(dir.resolve("state").resolve("pqp"));
    try (var channel = java.nio.channels.FileChannel.open(app.resolve(".lock"), java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.WRITE); var lock = channel.lock()) {
      assertStopsBeforeKafka(Map.of(), "state.dir: " + app + " is in use by another running instance");
    }
    StartupChecks.stateDir(dir.resolve("state"), "pqp"); // released: fine again
  }

  @Test
  void shouldNameAWrongKeystorePasswordAndAMissingKeystoreBeforeTouchingKafka() throws Exception {
    Path keystore = dir.resolve("pqp.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "pqp", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "st0re-pw")
        .redirectErrorStream(true).start();
    String out = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(keytool.waitFor()).as(out).isZero();

    assertStopsBeforeKafka(Map.of("http.tls.keystore", keystore.toString(), "http.tls.keystore-password", "wrong"),
        "http.tls.keystore-password: it does not open the keystore " + keystore);
    // a missing keystore is refused as the settings are read, before start-up
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of("bootstrap.servers", "127.0.0.1:1",
        "http.tls.keystore", dir.resolve("missing.p12").toString(), "http.tls.keystore-password", "st0re-pw")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.tls.keystore");
    // the right password passes the check (and start-up goes on to fail on the unreachable broker)
    dev.pqp.http.HttpEndpoint.check(new dev.pqp.config.HttpSettings("127.0.0.1", 0, java.time.Duration.ofSeconds(30),
        new dev.pqp.config.HttpSettings.Tls(keystore, "st0re-pw", null, null), null, false));
  }

  @Test
  void shouldGiveTheSchemeInUseAndAHostABrowserReachesInTheBanner() {
    assertThat(PqpRuntime.baseUrl("0.0.0.0", false, 9464)).isEqualTo("http://localhost:9464");
    assertThat(PqpRuntime.baseUrl("0.0.0.0", true, 9464)).isEqualTo("https://localhost:9464");
    assertThat(PqpRuntime.baseUrl("10.0.0.7", true, 443)).isEqualTo("https://10.0.0.7:443");
    assertThat(PqpRuntime.baseUrl("::1", false, 9464)).isEqualTo("http://[::1]:9464");
  }
}
