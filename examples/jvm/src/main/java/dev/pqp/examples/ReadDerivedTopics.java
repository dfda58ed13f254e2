package dev.pqp.examples;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every derived topic of pqp into maps, as {@code examples/python/read_derived_topics.py} does in Python.
 *
 * <p>Each record pqp derives carries two headers that say what it is: {@code pqp.record.type} (the Avro schema's full
 * name, e.g. {@code dev.pqp.schema.FeatureDrift}) and {@code pqp.format} ({@code json}, {@code avro-confluent},
 * {@code avro-single-object}, or {@code pqp-profile}). This reader decodes JSON (pqp's default without a schema
 * registry) with Jackson into a map; Avro records are given as their size here: decode them with the classes of
 * {@code pqp-schemas} ({@code Performance.getDecoder()} for single-object encoding) or with Confluent's
 * {@code KafkaAvroDeserializer}; the window profiles of {@code ml.quality.profiles} are pqp's own binary form, which
 * {@code pqp compare} and the HTTP {@code /api/} routes read for you.
 *
 * <p>It prints one JSON object per record (topic, key, type, format and the decoded value) and stops once no record
 * came for {@code --idle} seconds. Needs kafka-clients and jackson-databind only:
 *
 * <pre>java -cp pqp-examples.jar dev.pqp.examples.ReadDerivedTopics --bootstrap-servers localhost:9092</pre>
 */
public final class ReadDerivedTopics {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USAGE = "usage: ReadDerivedTopics [--bootstrap-servers localhost:9092]"
      + " [--topics TOPIC,... (every derived topic)] [--group ID] [--idle SECONDS (10)]";
  private static final String TOPICS = "ml.quality.feature-drift,ml.quality.model-window,ml.quality.performance,"
      + "ml.quality.actions,ml.quality.comparisons,ml.quality.profiles";

  private ReadDerivedTopics() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> options = options(args);
    if (options == null) {
      System.err.println(USAGE);
      System.exit(2);
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("--bootstrap-servers"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, options.get("--group"));
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // pqp writes in transactions: read only what it committed
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    long idle = (long) (Double.parseDouble(options.get("--idle")) * 1e9);
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(Arrays.asList(options.get("--topics").split(",")));
      long last = System.nanoTime();
      while (System.nanoTime() - last < idle) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
          last = System.nanoTime();
          System.out.println(JSON.writeValueAsString(decode(r)));
        }
      }
    }
  }

  /** The record as a map: topic, key, type and format from its headers, and its value decoded by its format. */
  static Map<String, Object> decode(ConsumerRecord<String, byte[]> r) throws IOException {
    String format = header(r, "pqp.format");
    Object value;
    if (r.value() == null) {
      value = null; // a tombstone
    } else if ("json".equals(format)) {
      value = JSON.readValue(r.value(), new TypeReference<Map<String, Object>>() {});
    } else { // Avro: see the class comment; pqp-profile: `pqp profile` prints it as JSON
      value = Map.of("bytes", r.value().length);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", r.topic());
    out.put("key", r.key());
    out.put("type", header(r, "pqp.record.type"));
    out.put("format", format);
    out.put("value", value);
    return out;
  }

  private static String header(ConsumerRecord<?, ?> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** {@code --name value} pairs over the defaults; null on anything else. */
  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>(Map.of("--bootstrap-servers", "localhost:9092",
        "--topics", TOPICS, "--group", "pqp-derived-reader-" + ProcessHandle.current().pid(), "--idle", "10"));
    for (int i = 0; i < args.length; i += 2) {
      if (!options.containsKey(args[i]) || i + 1 == args.length) {
        return null;
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }
}
