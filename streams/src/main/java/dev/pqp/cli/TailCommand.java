package dev.pqp.cli;

import dev.pqp.app.KafkaAuthFailures;
import dev.pqp.config.ConfigException;
import dev.pqp.config.PqpConfig;
import dev.pqp.ingest.registry.ConfluentAvroDeserializer;
import dev.pqp.ingest.registry.RegistryConfig;
import dev.pqp.ingest.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pqp tail}: prints the committed records of a topic as JSON lines, whatever their wire format. */
@Command(name = "tail", mixinStandardHelpOptions = true,
    description = {"Print each committed record of a topic (derived, dead-letter or input) as one JSON line:",
      "topic, partition, offset, timestamp, key, headers, detected format and the decoded value.",
      "Kafka security settings as for pqp run: --kafka security.protocol=SSL ..., PQP_KAFKA_* or a --config file."})
final class TailCommand implements Callable<Integer> {
  @Mixin ClientOptions options;

  @Spec CommandSpec spec;

  @Option(names = "--topic", required = true, paramLabel = "T")
  String topic;

  @Option(names = "--from-beginning", description = "start at the earliest offset instead of the end")
  boolean fromBeginning;

  @Option(names = "--count", paramLabel = "N", description = "stop after N records")
  Long count;

  @Option(names = "--timeout", paramLabel = "D", description = "stop when no record arrived for this long (default: never)")
  String timeout;

  @Option(names = "--registry-url", paramLabel = "URL", description = "schema registry, to decode Confluent-framed Avro")
  String registryUrl;

  @Override
  public Integer call() {
    PqpConfig config = options.load().requireBootstrapServers();
    Duration idle = timeout == null ? null : Durations.parse("--timeout", timeout);
    ConfluentAvroDeserializer<GenericRecord> confluent = null;
    if (registryUrl != null) {
      confluent = new ConfluentAvroDeserializer<>(new SchemaRegistryClient(RegistryConfig.of(registryUrl)), null);
      confluent.configure(Map.of(RegistryConfig.URL, registryUrl, ConfluentAvroDeserializer.SPECIFIC_AVRO_READER, false), false);
    }
    RecordJson json = new RecordJson(confluent);
    Map<String, Object> props = ClientOptions.clientProperties(config, ConsumerConfig.configNames(), Map.of(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "pqp-tail-" + UUID.randomUUID());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      print(consumer, json, idle, config.bootstrapServers());
    } catch (AuthenticationException e) {
      throw KafkaAuthFailures.explain(e, config.bootstrapServers(), config.kafka()).orElseThrow();
    }
    return 0;
  }

  private void print(KafkaConsumer<byte[], byte[]> consumer, RecordJson json, Duration idle, String servers) {
    PrintWriter out = spec.commandLine().getOut();
    List<PartitionInfo> parts = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (parts == null || parts.isEmpty()) {
      throw new ConfigException("topic '" + topic + "' does not exist at " + servers);
    }
    List<TopicPartition> tps = parts.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(tps);
    if (fromBeginning) {
      consumer.seekToBeginning(tps);
    } else {
      consumer.seekToEnd(tps);
    }
    long printed = 0;
    long lastRecord = System.nanoTime();
    while (count == null || printed < count) {
      var records = consumer.poll(Duration.ofMillis(500));
      for (ConsumerRecord<byte[], byte[]> r : records) {
        out.println(json.render(r));
        lastRecord = System.nanoTime();
        if (count != null && ++printed >= count) {
          break;
        }
      }
      out.flush();
      if (idle != null && System.nanoTime() - lastRecord > idle.toNanos()) {
        break;
      }
    }
  }
}
