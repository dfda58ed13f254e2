package dev.pqp.cli;

import dev.pqp.app.PqpRuntime;
import dev.pqp.config.PqpConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pqp run}: the production mode against an existing Kafka cluster. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the processor against a Kafka cluster until stopped (Ctrl-C / SIGTERM).",
      "Scale out by starting more instances with the same --application-id."})
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() throws Exception {
    PqpConfig config = options.load().requireBootstrapServers();
    CountDownLatch stopped = new CountDownLatch(1);
    try (PqpRuntime runtime = PqpRuntime.start(config)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        runtime.close();
        stopped.countDown();
      }, "pqp-shutdown"));
      System.out.printf("pqp running: application id %s, Kafka %s%n  metrics  http://localhost:%d/metrics%n  ready    http://localhost:%d/ready%n",
          config.applicationId(), config.bootstrapServers(), runtime.httpPort(), runtime.httpPort());
      stopped.await();
    }
    return 0;
  }
}
