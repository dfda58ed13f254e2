package dev.pqp.app;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.Node;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.filter.AbstractFilter;

/**
 * Keeps out of the log the WARN lines Kafka's clients and broker write for what a healthy exactly-once application
 * does all the time, which they retry or recover from themselves: a transactional producer's batch that the broker
 * asks to resend ({@code CONCURRENT_TRANSACTIONS}, {@code OUT_OF_ORDER_SEQUENCE_NUMBER} while a transaction starts),
 * the metadata of a repartition or changelog topic Kafka Streams is still creating at start-up, the global consumer's
 * last stable offset after its partition went at shutdown, the default config of a topology builder (pqp's own
 * enables what it misses), and the in-process broker of {@code pqp demo} writing its first metadata and closing
 * its controller channel at shutdown. Every other WARN passes. A logger set to DEBUG (a log configuration of one's own,
 * {@code -Dlog4j2.configurationFile}) sees them again.
 */
@Plugin(name = "ExpectedKafkaWarnings", category = Node.CATEGORY, elementType = Filter.ELEMENT_TYPE)
public final class ExpectedKafkaWarnings extends AbstractFilter {
  /** A logger (name prefix) and the messages of it that are expected. */
  record Expected(String logger, Pattern message) {}

  static final List<Expected> EXPECTED = List.of(
      new Expected("org.apache.kafka.clients.producer.internals.", Pattern.compile(
          "Error: (CONCURRENT_TRANSACTIONS|OUT_OF_ORDER_SEQUENCE_NUMBER)\\b|\\b(CONCURRENT_TRANSACTIONS)\\b.*retr")),
      new Expected("org.apache.kafka.clients.NetworkClient", Pattern.compile(
          "reported a recoverable issue with correlation id \\d+ : \\{([^=,{}]+-(repartition|changelog)"
              + "=UNKNOWN_TOPIC_OR_PARTITION(, )?)+\\}")),
      // the in-process broker of pqp demo closing its controller channel at shutdown
      new Expected("org.apache.kafka.clients.NetworkClient", Pattern.compile(
          "^\\[NodeToControllerChannelManager id=\\d+ name=\\w+\\] Attempting to close NetworkClient that has already"
              + " been closed")),
      new Expected("org.apache.kafka.clients.consumer.internals.OffsetFetcherUtils",
          Pattern.compile("Not updating last stable offset for partition \\S+ as it is no longer assigned")),
      // a StreamsBuilder made without a config says so of its defaults; the application's config (StreamsSettings)
      // enables the handler for the global thread, and a builder given a config would take its task settings from it
      new Expected("org.apache.kafka.streams.StreamsConfig",
          Pattern.compile("Processing exception handler is not enabled for the GlobalThread")),
      new Expected("org.apache.kafka.controller.QuorumController",
          Pattern.compile("Performing controller activation\\. The metadata log appears to be empty")));

  private ExpectedKafkaWarnings() {
    super(Result.NEUTRAL, Result.NEUTRAL);
  }

  @PluginFactory
  public static ExpectedKafkaWarnings create() {
    return new ExpectedKafkaWarnings();
  }

  @Override
  public Result filter(LogEvent event) {
    if (event.getLevel() != Level.WARN) {
      return Result.NEUTRAL; // every INFO line of pqp passes here: no message formatted for nothing
    }
    return expected(event.getLevel(), event.getLoggerName(), event.getMessage().getFormattedMessage())
        && !LogManager.getContext(false).getLogger(event.getLoggerName()).isDebugEnabled() ? Result.DENY : Result.NEUTRAL;
  }

  /** Whether a line of {@code logger} at {@code level} is one of the expected warnings. */
  static boolean expected(Level level, String logger, String message) {
    if (level != Level.WARN || logger == null || message == null) {
      return false;
    }
    for (Expected e : EXPECTED) {
      if (logger.startsWith(e.logger()) && e.message().matcher(message).find()) {
        return true;
      }
    }
    return false;
  }
}
