package dev.pqp.cli;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.ConfigKey;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.demo.ClaimsRisk;
import dev.pqp.demo.DemoTraffic;
import dev.pqp.demo.TrafficPublisher;
import dev.pqp.embedded.EmbeddedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pqp demo}: a broker (unless given one), the processor and live synthetic traffic with drift. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Start an in-process Kafka broker (unless --bootstrap-servers is given), the processor and",
      "synthetic claims-risk traffic whose drift begins after --drift-after, with delayed labels and bad records."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT", description = "use this Kafka instead of an in-process broker")
  String bootstrapServers;

  @Option(names = "--http-port", defaultValue = "9464", description = "port of /metrics (default: ${DEFAULT-VALUE})")
  int httpPort;

  @Option(names = "--http-host", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
      description = "address of the HTTP endpoint; 0.0.0.0 to reach it from other machines (default: ${DEFAULT-VALUE})")
  String httpHost;

  @Option(names = "--duration", paramLabel = "D", description = "stop after this long (default: run until Ctrl-C)")
  String duration;

  @Option(names = "--rate", defaultValue = "200", paramLabel = "EPS", description = "predictions per second (default: ${DEFAULT-VALUE})")
  double rate;

  @Option(names = "--window", defaultValue = "30s", paramLabel = "D", description = "window size (default: ${DEFAULT-VALUE})")
  String window;

  @Option(names = "--grace", defaultValue = "5s", paramLabel = "D", description = "window grace (default: ${DEFAULT-VALUE})")
  String grace;

  @Option(names = "--drift-after", defaultValue = "60s", paramLabel = "D", description = "drift starts this long after start (default: ${DEFAULT-VALUE})")
  String driftAfter;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
      description = "text (default) or json: one JSON object per line")
  String logFormat;

  @Override
  public Integer call() throws Exception {
    if (!(rate > 0 && rate <= 100_000)) {
      throw new dev.pqp.config.ConfigException("--rate must be from 1 to 100000 events per second, got " + rate);
    }
    // before the broker starts, so that its lines are in the same format
    dev.pqp.app.LogFormats.apply(ConfigLoader.load(null, Map.of(), Map.of(ConfigKey.LOG_FORMAT.key(), logFormat)).logFormat());
    Duration stopAfter = duration == null ? null : Durations.parse("--duration", duration);
    Duration drift = Durations.parse("--drift-after", driftAfter);
    Path work = workDirectory();
    EmbeddedKafka broker = null;
    try {
      String servers = bootstrapServers;
      if (servers == null) {
        System.out.println("starting an in-process Kafka broker ...");
        broker = EmbeddedKafka.start(0, work.resolve("kafka"), Map.of());
        servers = broker.bootstrapServers();
      }
      Map<String, String> flags = new LinkedHashMap<>();
      flags.put(ConfigKey.BOOTSTRAP_SERVERS.key(), servers);
      flags.put(ConfigKey.HTTP_PORT.key(), Integer.toString(httpPort));
      flags.put(ConfigKey.HTTP_HOST.key(), httpHost); // the demo is for this machine: loopback unless asked
      flags.put(ConfigKey.WINDOW_SIZE.key(), window);
      flags.put(ConfigKey.WINDOW_GRACE.key(), grace);
      flags.put(ConfigKey.STATE_DIR.key(), work.resolve("state").toString());
      flags.put(ConfigKey.APPLICATION_ID.key(), "pqp-demo");
      flags.put("kafka.consumer.session.timeout.ms", "10000");
      // the demo's traffic carries delayed labels: join them (a few hundred events/s cost little)
      flags.put(ConfigKey.GROUND_TRUTH_ENABLED.key(), "true");
      // v2 is the challenger of v1: their accuracies and conversion rates compared with an interval that may be
      // looked at every minute
      // looked at every minute; v2 should get a fifth of the pair's traffic, which the sample ratio check holds it to
      flags.put(ConfigKey.COMPARE_VERSIONS.key(), ClaimsRisk.MODEL + ":v2=v1@0.2");
      flags.put(ConfigKey.LOG_FORMAT.key(), logFormat);
      PqpConfig config = ConfigLoader.load(null, System.getenv(), flags);
      dev.pqp.app.LogFormats.apply(config.logFormat());
      return runDemo(config, stopAfter, drift);
    } finally {
      if (broker != null) {
        broker.close();
      }
      DemoSummary.deleteQuietly(work);
    }
  }

  /**
   * The demo's broker logs and state, deleted when it stops: under pqp's default state directory (the OS temp
   * directory may be cleared under a running application, which Kafka Streams warns of), or the temp directory when
   * that cannot be made.
   */
  private static Path workDirectory() throws java.io.IOException {
    try {
      Path root = Files.createDirectories(PqpConfig.defaultStateDir(System.getenv("XDG_STATE_HOME")));
      return Files.createTempDirectory(root, "demo-");
    } catch (java.io.IOException | SecurityException e) {
      return Files.createTempDirectory("pqp-demo");
    }
  }

  /** What `pqp baseline` does with a training file: here the rows come from the generator's pre-drift distribution. */
  private void publishTrainingReference(PqpConfig config) throws Exception {
    dev.pqp.app.TopicSetup.ensure(config);
    int rows = 50_000;
    ClaimsRisk.publishTrainingReference(config, seed + 1000, seed + 2000, rows, "demo-training-" + seed,
        System.currentTimeMillis());
    System.out.printf("published the training reference of %s (%d rows) to %s%n", ClaimsRisk.MODEL, rows,
        config.topics().reference());
  }

  private int runDemo(PqpConfig config, Duration stopAfter, Duration drift) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    Thread hook = new Thread(stop::countDown, "pqp-demo-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    publishTrainingReference(config);
    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      long driftAt = System.currentTimeMillis() + drift.toMillis();
      TrafficPublisher publisher = new TrafficPublisher(config.bootstrapServers(), config.topics().predictions(),
          config.topics().groundTruth());
      try (DemoTraffic traffic = new DemoTraffic(seed, driftAt, rate, publisher, config.topics().predictions(),
          config.topics().groundTruth())) {
        traffic.start();
        DemoSummary summary = new DemoSummary(runtime, traffic, driftAt);
        summary.printBanner();
        long deadline = stopAfter == null ? Long.MAX_VALUE : System.nanoTime() + stopAfter.toNanos();
        while (!stop.await(5, TimeUnit.SECONDS)) {
          summary.print();
          if (System.nanoTime() >= deadline) {
            break;
          }
        }
        System.out.println("stopping ...");
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook has run
      }
    }
    return 0;
  }
}
