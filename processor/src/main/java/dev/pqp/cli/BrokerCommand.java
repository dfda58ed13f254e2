package dev.pqp.cli;

import dev.pqp.embedded.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pqp broker}: a real single-node KRaft Kafka broker in this process. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a single-node Kafka broker (KRaft) for trying pqp; its data stays in --data-dir across restarts.")
final class BrokerCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "N", defaultValue = "9092", description = "client port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "pqp-data/kafka", description = "log directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Override
  public Integer call() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    try (EmbeddedKafka kafka = EmbeddedKafka.start(port, dataDir, Map.of())) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        kafka.close();
        stopped.countDown();
      }, "broker-shutdown"));
      System.out.println("Kafka broker ready at " + kafka.bootstrapServers() + " (data in " + dataDir.toAbsolutePath() + "); Ctrl-C stops it");
      stopped.await();
    }
    return 0;
  }
}
