package dev.pqp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller) running in this JVM.
 *
 * <p>It listens on {@code 127.0.0.1:port} and keeps its log in {@code dataDir}, so a restart on the same
 * directory finds its topics again. Replication factors and minimum ISR of the internal topics are 1, which
 * exactly-once processing needs on a single node.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final int NODE_ID = 1;
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final int port;
  private final Path dataDir;

  private EmbeddedKafka(KafkaRaftServer server, int port, Path dataDir) {
    this.server = server;
    this.port = port;
    this.dataDir = dataDir;
  }

  /**
   * Formats {@code dataDir} if it is new, then starts the broker and returns once it accepts requests.
   *
   * @param port the client port on 127.0.0.1, or 0 for a free one
   */
  public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides) throws Exception {
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Files.createDirectories(dataDir);
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT");
    props.put("controller.listener.names", CONTROLLER);
    props.put("inter.broker.listener.name", "PLAINTEXT");
    props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
    props.put("log.dirs", dataDir.toAbsolutePath().toString());
    props.put("offsets.topic.replication.factor", "1");
    props.put("offsets.topic.num.partitions", "4");
    props.put("transaction.state.log.replication.factor", "1");
    props.put("transaction.state.log.min.isr", "1");
    props.put("transaction.state.log.num.partitions", "4");
    props.put("share.coordinator.state.topic.replication.factor", "1");
    props.put("share.coordinator.state.topic.min.isr", "1");
    props.put("group.initial.rebalance.delay.ms", "0");
    props.put("num.partitions", "4");
    props.put("auto.create.topics.enable", "true");
    props.put("log.cleaner.dedupe.buffer.size", "2097152");
    props.put("group.consumer.session.timeout.ms", "6000");
    props.put("group.consumer.min.session.timeout.ms", "6000");
    props.putAll(overrides);
    KafkaConfig config = new KafkaConfig(props, false);
    format(dataDir);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort, dataDir);
    BrokerReadiness.await(kafka.bootstrapServers());
    return kafka;
  }

  private static void format(Path dataDir) throws Exception {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return; // formatted before: a restart keeps the cluster id, topics and data
    }
    String dir = dataDir.toAbsolutePath().toString();
    new Formatter()
        .setNodeId(NODE_ID)
        .setClusterId(Uuid.randomUuid().toString())
        .setDirectories(List.of(dir))
        .setMetadataLogDirectory(dir)
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .setControllerListenerName(CONTROLLER)
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .run();
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
  }
}
