package dev.pqp.cli;

import dev.pqp.app.KafkaAuthFailures;
import dev.pqp.config.PqpConfig;
import dev.pqp.demo.EventEncoder;
import dev.pqp.demo.TrafficGenerator;
import dev.pqp.demo.TrafficPublisher;
import dev.pqp.demo.WireEncoding;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pqp produce-sample}: publishes the demo's traffic, deterministic by seed and start time. */
@Command(name = "produce-sample", mixinStandardHelpOptions = true,
    description = {"Publish the demo generator's events (predictions, delayed ground truth, ~1% bad records).",
      "The same --seed and --start give the same records. Kafka security settings as for pqp run:",
      "--kafka security.protocol=SASL_SSL ..., PQP_KAFKA_* or a --config file."})
final class ProduceSampleCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Spec CommandSpec spec;

  @Option(names = "--count", defaultValue = "10000", description = "predictions to publish (default: ${DEFAULT-VALUE})")
  long count;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--format", defaultValue = "json", paramLabel = "FORMAT",
      description = "json, avro-confluent or avro-single (default: ${DEFAULT-VALUE})")
  String format;

  @Option(names = "--registry-url", paramLabel = "URL", description = "schema registry, required for avro-confluent")
  String registryUrl;

  @Option(names = "--start", paramLabel = "TIME", description = "event time of the first prediction, ISO-8601 or epoch millis (default: now minus the span)")
  String start;

  @Option(names = "--interval", defaultValue = "10ms", paramLabel = "D", description = "event time between predictions (default: ${DEFAULT-VALUE})")
  String interval;

  @Option(names = "--drift-after", defaultValue = "60s", paramLabel = "D", description = "event time after which drift starts (default: ${DEFAULT-VALUE})")
  String driftAfter;

  @Option(names = "--bad-rate", defaultValue = "0.01", description = "share of bad records (default: ${DEFAULT-VALUE})")
  double badRate;

  @Option(names = "--predictions-topic", defaultValue = "ml.predictions")
  String predictionsTopic;

  @Option(names = "--ground-truth-topic", defaultValue = "ml.ground-truth")
  String groundTruthTopic;

  @Override
  public Integer call() {
    PqpConfig config = options.load().requireBootstrapServers();
    WireEncoding encoding = encoding(format);
    long step = Durations.parse("--interval", interval).toMillis();
    long startMs = start == null ? Instant.now().toEpochMilli() - step * count : Durations.instant("--start", start);
    long driftAt = startMs + Durations.parse("--drift-after", driftAfter).toMillis();
    EventEncoder encoder = Encoders.forFormat(encoding, registryUrl);
    TrafficGenerator gen = new TrafficGenerator(seed, driftAt, badRate, encoder, predictionsTopic, groundTruthTopic);
    String servers = config.bootstrapServers();
    Map<String, Object> client = ClientOptions.clientProperties(config, ProducerConfig.configNames(), Map.of());
    try (TrafficPublisher pub = new TrafficPublisher(client, predictionsTopic, groundTruthTopic)) {
      long t = startMs;
      // stop at the first record the broker refused: with wrong credentials every further send would wait for
      // another connection attempt first (about a second each)
      for (long i = 0; i < count && pub.failed() == 0; i++, t += step) {
        pub.send(gen.next(t));
      }
      if (pub.failed() == 0) {
        pub.send(gen.labelsDue(Long.MAX_VALUE));
      }
      pub.flush();
      if (pub.failed() > 0) {
        var auth = KafkaAuthFailures.explain(pub.firstFailure(), servers, config.kafka());
        if (auth.isPresent()) {
          throw auth.get();
        }
        spec.commandLine().getErr().printf("pqp: %d of %d records were not acknowledged by %s: %s%n", pub.failed(),
            pub.sent(), servers, pub.firstFailure());
        return 1;
      }
      spec.commandLine().getOut().printf("published %d records (%d predictions incl. %d bad, %d ground truth) as %s to %s%n",
          pub.sent(), count, pub.bad(), pub.sent() - count, format, servers);
    }
    return 0;
  }

  private static WireEncoding encoding(String value) {
    try {
      return WireEncoding.parse(value);
    } catch (IllegalArgumentException e) {
      throw new dev.pqp.config.ConfigException("--format '" + value
          + "' is not supported: use json, avro-confluent or avro-single");
    }
  }
}
