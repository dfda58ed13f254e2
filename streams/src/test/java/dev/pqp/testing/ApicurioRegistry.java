package dev.pqp.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real schema registry for integration tests: Apicurio Registry's runner (unpacked by the processor pom
 * into the folder named by the system property {@value #DIR_PROPERTY}) in a child JVM on a free loopback
 * port, serving the Confluent REST API at {@link #url()}. Storage is in memory, so every instance starts
 * empty. Start one per test class and close it afterwards:
 *
 * <pre>{@code
 * private static ApicurioRegistry registry;
 * @BeforeAll static void startRegistry() { registry = ApicurioRegistry.start(); }
 * @AfterAll static void stopRegistry() { registry.close(); }
 * }</pre>
 */
public final class ApicurioRegistry implements AutoCloseable {
  public static final String DIR_PROPERTY = "apicurio.dir";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
  // The chosen port can be taken between probing and binding; another port then usually works.
  private static final int START_ATTEMPTS = 3;

  private final Process process;
  private final int port;
  private final Path log;
  private final Thread killOnExit;

  private ApicurioRegistry(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
    // A test JVM that dies without closing must not leave a registry running on the shared machine.
    this.killOnExit = new Thread(process::destroyForcibly, "apicurio-" + port + "-reaper");
    Runtime.getRuntime().addShutdownHook(killOnExit);
  }

  /** Starts a registry and returns once its Confluent API answers. */
  public static ApicurioRegistry start() {
    Path runner = runnerJar();
    ExitedEarly last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOn(runner, freePort());
      } catch (ExitedEarly e) {
        last = e;
      }
    }
    throw last;
  }

  /** The Confluent-compatible API base, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
  public String url() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  public int port() {
    return port;
  }

  /** The registry's output, for diagnosing a failed test. */
  public Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killOnExit);
    } catch (IllegalStateException e) {
      // already shutting down: the hook runs anyway
    }
  }

  private static Path runnerJar() {
    String dir = System.getProperty(DIR_PROPERTY);
    if (dir == null || !Files.isDirectory(Path.of(dir))) {
      throw new IllegalStateException(
          "System property " + DIR_PROPERTY + " is " + (dir == null ? "not set" : "not a folder: " + dir)
              + "; run integration tests through `mvn verify`, which unpacks Apicurio Registry there");
    }
    try (Stream<Path> files = Files.walk(Path.of(dir), 2)) {
      return files
          // The unpack also leaves tar PaxHeaders stubs of the same name; the real runner sits beside lib/.
          .filter(p -> p.getFileName().toString().endsWith("-runner.jar") && Files.isDirectory(p.resolveSibling("lib")))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No *-runner.jar under " + dir + "; run `mvn verify` again"));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list " + dir, e);
    }
  }

  private static ApicurioRegistry startOn(Path runner, int port) {
    Path log = runner.resolveSibling("apicurio-" + port + ".log");
    Process process;
    try {
      process =
          new ProcessBuilder(
                  List.of(
                      Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                      "-Xmx512m",
                      // Start fast and light: the machine's few cores are shared with the tests.
                      "-XX:TieredStopAtLevel=1",
                      "-XX:+UseSerialGC",
                      "-Dquarkus.http.host=127.0.0.1",
                      "-Dquarkus.http.port=" + port,
                      "-jar",
                      runner.toString()))
              .directory(runner.getParent().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot start " + runner, e);
    }
    ApicurioRegistry registry = new ApicurioRegistry(process, port, log);
    try {
      registry.awaitReady();
      return registry;
    } catch (RuntimeException e) {
      registry.close();
      throw e;
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects")).timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new ExitedEarly("Apicurio Registry exited with " + process.exitValue() + "; log:\n" + tail());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
      }
      sleep();
    }
    throw new IllegalStateException("Apicurio Registry not ready within " + STARTUP_TIMEOUT + "; log:\n" + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free loopback port", e);
    }
  }

  /** The registry process ended before answering, most often because its port was taken meanwhile. */
  private static final class ExitedEarly extends IllegalStateException {
    ExitedEarly(String message) {
      super(message);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(250);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for Apicurio Registry", e);
    }
  }
}
