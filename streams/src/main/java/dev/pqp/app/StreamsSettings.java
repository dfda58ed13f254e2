package dev.pqp.app;

import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.registry.RegistryConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;

/** The Kafka Streams properties of a pqp instance: pqp's defaults, then the user's {@code kafka.*} overrides. */
public final class StreamsSettings {
  /** The largest record pqp writes: window profiles and references with many features. */
  public static final int MAX_RECORD_BYTES = 16 << 20;
  /** The consumer group's session timeout: how long a crashed instance keeps its work. */
  static final int SESSION_TIMEOUT_MS = 8_000;
  /** How long a crashed instance's open transaction holds back the records after it (exactly-once only). */
  static final int TRANSACTION_TIMEOUT_MS = 3_000;

  private StreamsSettings() {}

  public static Properties of(PqpConfig config) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.guarantee().streamsValue());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    // A bug in a processor must not stop the application on one record: log it, send the record to the
    // dead-letter topic (Kafka's KIP-1034 handler support) and continue.
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueProcessingExceptionHandler.class);
    // Likewise a record of an internal topic that its channel's codec cannot read (corrupt, or a message kind
    // of a newer release during a rolling upgrade): input topics are read as bytes, so only those can fail.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.topics().deadLetter());
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // Every commit writes the changed window profiles; once a second keeps that cost small while the
    // derived records still appear within about a second.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    failover(p, config);
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, maxTaskIdleMs(config));
    // A window profile with many features is a large record (about 4 kB per numeric feature at k = 200):
    // let the changelog, repartition and output records exceed Kafka's 1 MB default.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_RECORD_BYTES);
    p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(MAX_RECORD_BYTES));
    p.putAll(config.kafka());
    return p;
  }

  /** How fast a crashed instance's work moves: the group's session timeout and the transactions' timeout. */
  private static void failover(Properties p, PqpConfig config) {
    // A crashed instance's models move once the group coordinator gives up on it: after the session timeout, 45 s
    // by default, which left a model unmonitored for 50 s after a kill -9 and its restart (FailoverIntegrationTest:
    // 50.2-50.5 s). With 8 s and a heartbeat every 2 s (and the transaction timeout below) the survivor exported every
    // version 9.4-11.4 s after the kill; a GC pause or a network stall longer than 8 s then costs a rebalance, not
    // data. kafka.consumer.session.timeout.ms overrides it.
    defaultClient(p, config, StreamsConfig::consumerPrefix, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG,
        SESSION_TIMEOUT_MS);
    defaultClient(p, config, StreamsConfig::consumerPrefix, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
        SESSION_TIMEOUT_MS / 4);
    // Under exactly-once, the transaction a crashed instance left open hides every record written after it to the
    // read-committed readers (the survivor restoring the moved stores, stage 2 reading stage 1's records) until the
    // transaction coordinator aborts it: transaction.timeout.ms after it began (Kafka Streams sets 10 s), at the
    // coordinator's next sweep (every 10 s by default). With 10 s the survivor exported every version 11.4-15.2 s
    // after a kill -9, its restore waiting for the abort; with 3 s the coordinator aborts within 13 s of the kill and
    // mostly before the session timeout (8 s) ends: 9.4-11.4 s. A transaction spans one commit interval (1 s) and its
    // commit; one open longer than 3 s is aborted, its producer fenced and the thread's tasks rejoin the group,
    // losing nothing. kafka.producer.transaction.timeout.ms overrides it.
    // With a schema registry, a lookup blocks the stream thread inside the transaction for up to its timeout: the
    // transaction must outlive it, one commit interval and a margin (RegistryOutageIntegrationTest replayed records
    // when a 5 s lookup met a 3 s timeout), so fail-over takes a few seconds longer there.
    if (config.guarantee() == PqpConfig.Guarantee.EXACTLY_ONCE_V2) {
      defaultClient(p, config, StreamsConfig::producerPrefix, ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
          transactionTimeoutMs(config));
    }
  }

  /** 3 s, or with a schema registry its lookup timeout plus 3 s (one commit interval and 2 s to spare): 5 s. */
  static int transactionTimeoutMs(PqpConfig config) {
    return config.registryUrl() == null ? TRANSACTION_TIMEOUT_MS
        : (int) Math.max(TRANSACTION_TIMEOUT_MS, RegistryConfig.DEFAULT_TIMEOUT_MS + 3_000);
  }

  /**
   * Sets {@code key} under {@code prefix} (consumers' or producers') unless the kafka.* settings give it in any of
   * the forms Kafka Streams reads (plain, {@code consumer.}, {@code main.consumer.}, {@code producer.}): a prefixed
   * default would win over a plain setting.
   */
  private static void defaultClient(Properties p, PqpConfig config, java.util.function.UnaryOperator<String> prefix,
      String key, Object value) {
    var given = config.kafka().keySet();
    if (!given.contains(key) && !given.contains(StreamsConfig.consumerPrefix(key))
        && !given.contains(StreamsConfig.mainConsumerPrefix(key)) && !given.contains(StreamsConfig.producerPrefix(key))) {
      p.put(prefix.apply(key), value);
    }
  }

  /**
   * As {@link #of(PqpConfig)}, with {@code application.server} (the host:port other instances reach this
   * one's HTTP endpoint at, for interactive queries) defaulted to {@link #applicationServer} unless
   * {@code kafka.application.server} is given.
   */
  public static Properties of(PqpConfig config, int boundHttpPort) {
    Properties p = of(config);
    p.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer(config.httpHost(), boundHttpPort));
    return p;
  }

  /**
   * {@code http.host:port}, or, when the endpoint binds every address ({@code 0.0.0.0}, {@code ::}), this
   * machine's host name: what a peer on the same network can reach. Set {@code kafka.application.server}
   * where that is not so (a pod's DNS name, a NAT).
   */
  static String applicationServer(String httpHost, int port) {
    String host = httpHost;
    if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "localhost";
      }
    }
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]"; // an IPv6 literal
    }
    return host + ":" + port;
  }

  /**
   * {@code max.task.idle.ms}: 0 (wait for data already on the broker, so that a backlog is read in timestamp
   * order) when the ground-truth join reads predictions and labels co-partitioned in one task, else -1 (process
   * whatever is buffered).
   *
   * <p>Co-partitioned, a task reads a prediction and its label; with -1 it reads the small labels of a backlog
   * ahead of their large predictions, so that most wait as early labels: in {@code pqp bench --ground-truth}
   * the join cost 51.8-58.7 us per prediction with its label with -1, 33.1 with 0 (BENCHMARKS.md). Everywhere
   * else pqp does not match records across topics one by one (stage 1 puts each event in its own event-time
   * window, grace absorbs one topic running ahead of another; the repartitioned join keeps one time per side
   * and expires each by the other's), while 0 costs every record of a task with an empty partition, such as an
   * unused features topic, Kafka Streams' enforced-processing path: the drift path read 9.2-10.1 us per event
   * with 0 against 7.4-8.4 with -1 in the same bench.
   */
  static long maxTaskIdleMs(PqpConfig config) {
    var gt = config.analysis().groundTruth();
    return gt.enabled() && gt.copartitioned() ? 0L : -1L;
  }
}
