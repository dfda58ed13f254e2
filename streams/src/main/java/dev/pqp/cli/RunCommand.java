package dev.pqp.cli;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.PqpConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pqp run}: the production mode against an existing Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the processor against a Kafka cluster until stopped (Ctrl-C / SIGTERM: a clean close that",
      "leaves the consumer group, then exit 0; 1 when the close took longer than shutdown.timeout).",
      "Scale out by starting more instances with the same --application-id."})
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    PqpConfig config = options.load().requireBootstrapServers();
    StopSignals signals = StopSignals.install(config.shutdownTimeout().plusSeconds(10));
    try {
      boolean clean;
      try (PqpRuntime runtime = PqpRuntime.start(config)) {
        String url = runtime.baseUrl();
        System.out.printf("pqp running: application id %s, Kafka %s%n  metrics  %s/metrics%n  status   %s/%n"
            + "  ready    %s/ready%n", config.applicationId(), config.bootstrapServers(), url, url, url);
        signals.await();
        clean = runtime.stop();
      }
      System.err.println(clean ? "pqp stopped" : "pqp stopped without a clean close within " + config.shutdownTimeout());
      int status = clean ? 0 : 1;
      signals.finished(status);
      return status;
    } finally {
      signals.abandoned(); // a failed start-up: no waiting in the hook
    }
  }
}
