package dev.pqp.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
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
 *
 * <p>Tests of Kafka security add client {@link Listener}s (SASL_SSL, SSL) beside the PLAINTEXT one and SCRAM
 * users written into the cluster's first metadata; the broker and its controller still talk PLAINTEXT.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final int NODE_ID = 1;
  private static final String CONTROLLER = "CONTROLLER";

  private final KafkaRaftServer server;
  private final int port;
  private final Path dataDir;
  private final Map<String, Integer> listenerPorts;

  private EmbeddedKafka(KafkaRaftServer server, int port, Path dataDir, Map<String, Integer> listenerPorts) {
    this.server = server;
    this.port = port;
    this.dataDir = dataDir;
    this.listenerPorts = Map.copyOf(listenerPorts);
  }

  /**
   * A client listener on a free port of 127.0.0.1 besides PLAINTEXT.
   *
   * @param name its listener name, e.g. {@code SASL_SSL} or {@code MTLS}
   * @param securityProtocol {@code SSL}, {@code SASL_SSL}, {@code SASL_PLAINTEXT} or {@code PLAINTEXT}
   * @param settings broker settings of this listener only, without the {@code listener.name.<name>.} prefix,
   *     e.g. {@code ssl.keystore.location}, {@code ssl.client.auth}, {@code sasl.enabled.mechanisms}
   */
  public record Listener(String name, String securityProtocol, Map<String, String> settings) {
    public Listener {
      if (name.equalsIgnoreCase("PLAINTEXT") || name.equalsIgnoreCase(CONTROLLER)) {
        throw new IllegalArgumentException("listener name " + name + " is taken");
      }
      settings = Map.copyOf(settings);
    }
  }

  /**
   * Formats {@code dataDir} if it is new, then starts the broker and returns once it accepts requests.
   *
   * @param port the client port on 127.0.0.1, or 0 for a free one
   */
  public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides) throws Exception {
    return start(port, dataDir, overrides, List.of(), Map.of());
  }

  /**
   * As {@link #start(int, Path, Map)}, with more client listeners and SCRAM-SHA-512 users.
   *
   * @param scramUsers user name to password, written into the cluster's first metadata when {@code dataDir}
   *     is formatted (so they exist before the broker accepts a connection); a restart keeps them
   */
  public static EmbeddedKafka start(int port, Path dataDir, Map<String, String> overrides, List<Listener> listeners,
      Map<String, String> scramUsers) throws Exception {
    // distinct ports, none of them the given one: ports found one after the other may repeat (the OS hands
    // out a port again once its probe socket is closed), and two listeners on one port stop the broker
    java.util.Iterator<Integer> free = freePorts(2 + listeners.size(), port).iterator();
    int brokerPort = port == 0 ? free.next() : port;
    int controllerPort = free.next();
    Files.createDirectories(dataDir);
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("PLAINTEXT", brokerPort);
    listeners.forEach(l -> ports.put(l.name(), free.next()));
    Map<String, Object> props = new HashMap<>();
    props.put("process.roles", "broker,controller");
    props.put("node.id", String.valueOf(NODE_ID));
    props.put("listeners", addresses(ports) + "," + CONTROLLER + "://127.0.0.1:" + controllerPort);
    props.put("advertised.listeners", addresses(ports));
    props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER + ":PLAINTEXT"
        + listeners.stream().map(l -> "," + l.name() + ":" + l.securityProtocol()).collect(Collectors.joining()));
    for (Listener l : listeners) {
      String prefix = "listener.name." + l.name().toLowerCase(Locale.ROOT) + ".";
      l.settings().forEach((k, v) -> props.put(prefix + k, v));
    }
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
    format(dataDir, scramUsers);
    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    server.startup();
    EmbeddedKafka kafka = new EmbeddedKafka(server, brokerPort, dataDir, ports);
    BrokerReadiness.await(kafka.bootstrapServers());
    return kafka;
  }

  private static String addresses(Map<String, Integer> ports) {
    return ports.entrySet().stream().map(e -> e.getKey() + "://127.0.0.1:" + e.getValue()).collect(Collectors.joining(","));
  }

  /** The arguments of {@code kafka-storage format --add-scram} for these users. */
  private static List<String> scramArguments(Map<String, String> users) {
    return users.entrySet().stream()
        .map(u -> "SCRAM-SHA-512=[name=" + u.getKey() + ",password=" + u.getValue() + "]").toList();
  }

  private static void format(Path dataDir, Map<String, String> scramUsers) throws Exception {
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
        .setScramArguments(scramArguments(scramUsers))
        .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .run();
  }

  /** A port that was free a moment ago on 127.0.0.1. */
  /** {@code n} distinct free ports of 127.0.0.1 other than {@code except}: every probe stays open until all are found. */
  static List<Integer> freePorts(int n, int except) {
    List<ServerSocket> probes = new java.util.ArrayList<>();
    try {
      List<Integer> ports = new java.util.ArrayList<>();
      while (ports.size() < n) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        probes.add(s);
        if (s.getLocalPort() != except) {
          ports.add(s.getLocalPort());
        }
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : probes) {
        try {
          s.close();
        } catch (IOException e) {
          // a probe that does not close frees its port with the process
        }
      }
    }
  }

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

  /** {@code 127.0.0.1:port} of the client listener of this name ({@code PLAINTEXT} or a {@link Listener}'s). */
  public String bootstrapServers(String listenerName) {
    Integer p = listenerPorts.get(listenerName);
    if (p == null) {
      throw new IllegalArgumentException("no listener " + listenerName + "; there are " + listenerPorts.keySet());
    }
    return "127.0.0.1:" + p;
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
