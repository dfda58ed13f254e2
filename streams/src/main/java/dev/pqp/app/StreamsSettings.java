package dev.pqp.app;

import dev.pqp.config.PqpConfig;
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
    p.put("processing.exception.handler.global.enabled", true);
    // Every commit writes the changed window profiles; once a second keeps that cost small while the
    // derived records still appear within about a second.
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    // pqp does not join predictions with feature logs record by record: each goes to its own event-time
    // window, and grace absorbs one topic running ahead of the other. Waiting for empty partitions buys
    // nothing (the ground-truth join, which does match record by record, keeps one time per side and
    // expires each side by the other's, so that one side read ahead cannot expire the other's records), and Kafka Streams 4.3.1 formats a log message per record for every empty partition of a
    // task while it considers waiting (PartitionGroup.readyToProcess): about a fifth of a stream thread's
    // time in `pqp bench` when the features topic is empty.
    p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
    // A window profile with many features is a large record (about 4 kB per numeric feature at k = 200):
    // let the changelog, repartition and output records exceed Kafka's 1 MB default.
    p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), MAX_RECORD_BYTES);
    p.put(StreamsConfig.topicPrefix(TopicConfig.MAX_MESSAGE_BYTES_CONFIG), Integer.toString(MAX_RECORD_BYTES));
    p.putAll(config.kafka());
    return p;
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
}
