package dev.pqp.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pqp.app.TopicSetup;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceProfile;
import dev.pqp.schema.FeatureDrift;
import dev.pqp.schema.ModelWindow;
import dev.pqp.stream.Windows;
import dev.pqp.testing.Exposition;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole pqp topology on a {@link TopologyTestDriver}: JSON events in, decoded Avro records out. Event
 * times are {@link #T0} plus an offset; the wall clock starts at {@link #T0} and moves only when a test
 * moves it. Windows are 10 s with 2 s grace unless a test overrides the settings.
 */
public final class DriftFixture implements AutoCloseable {
  /** An epoch-aligned window start: 10 s windows start at T0, T0 + 10 s, ... */
  public static final long T0 = 1_700_000_000_000L;
  public static final String MODEL = "fraud";

  private static final ObjectMapper JSON = new ObjectMapper();

  public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  public final PqpConfig config;
  public final TopologyTestDriver driver;
  public final TestInputTopic<byte[], byte[]> predictions;
  public final TestInputTopic<byte[], byte[]> features;
  public final TestInputTopic<String, byte[]> references;
  public final TestOutputTopic<String, byte[]> featureDrift;
  public final TestOutputTopic<String, byte[]> modelWindow;
  public final TestOutputTopic<byte[], byte[]> deadLetter;
  public final TestInputTopic<byte[], byte[]> groundTruth;
  public final TestOutputTopic<String, byte[]> performance;
  public final TestOutputTopic<String, byte[]> actions;
  public final TestOutputTopic<String, byte[]> comparisons;
  private int ids;
  private boolean closed;

  public DriftFixture(Path stateDir, Map<String, String> overrides) {
    this(stateDir, overrides, null);
  }

  /**
   * @param partitions partitions per topic name as the broker would report them, for the number of stage-1
   *     sources; null for the driver's one partition per topic
   */
  DriftFixture(Path stateDir, Map<String, String> overrides, Map<String, Integer> partitions) {
    Map<String, String> flags = new HashMap<>(Map.of(
        "window.size", "10s",
        "window.grace", "2s",
        "reference.auto-windows", "2",
        "drift.min-count", "50",
        "window.idle-flush", "1h",
        "output.format", "avro")); // the records are read back with the Avro classes' decoders
    flags.putAll(overrides);
    config = ConfigLoader.load(null, Map.of(), flags);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pqp-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    var topology = partitions == null
        ? PqpTopology.build(config, new PipelineMetrics(registry), WriterSchemas.NONE)
        : PqpTopology.build(config, new PipelineMetrics(registry), WriterSchemas.NONE,
            TopicSetup.stage1Sources(config.topics(), partitions, config.topicPartitions()));
    driver = new TopologyTestDriver(topology, props, Instant.ofEpochMilli(T0));
    var topics = config.topics();
    predictions = driver.createInputTopic(topics.predictions(), new ByteArraySerializer(), new ByteArraySerializer());
    features = driver.createInputTopic(topics.features(), new ByteArraySerializer(), new ByteArraySerializer());
    references = driver.createInputTopic(topics.reference(), new StringSerializer(), new ByteArraySerializer());
    var bytes = new ByteArrayDeserializer();
    featureDrift = driver.createOutputTopic(topics.featureDrift(), new StringDeserializer(), bytes);
    modelWindow = driver.createOutputTopic(topics.modelWindow(), new StringDeserializer(), bytes);
    deadLetter = driver.createOutputTopic(topics.deadLetter(), bytes, bytes);
    groundTruth = driver.createInputTopic(topics.groundTruth(), new ByteArraySerializer(), new ByteArraySerializer());
    performance = driver.createOutputTopic(topics.performance(), new StringDeserializer(), bytes);
    actions = driver.createOutputTopic(topics.actions(), new StringDeserializer(), bytes);
    comparisons = driver.createOutputTopic(topics.comparisons(), new StringDeserializer(), bytes);
  }

  /** A prediction of {@code version} at event time {@code T0 + offsetMs} with these features and score 0.5. */
  public void predict(String version, long offsetMs, Map<String, Object> featureValues) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("prediction_id", "p" + ids++);
    event.put("model_name", MODEL);
    event.put("model_version", version);
    event.put("timestamp", T0 + offsetMs);
    event.put("features", featureValues);
    event.put("prediction", Map.of("score", 0.5));
    predictions.pipeInput(null, json(event), T0 + offsetMs);
  }

  /** A feature log at event time {@code T0 + offsetMs}; {@code version} may be null (then it is model-wide). */
  public void logFeatures(String version, long offsetMs, Map<String, Object> featureValues) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("model_name", MODEL);
    if (version != null) {
      event.put("model_version", version);
    }
    event.put("timestamp", T0 + offsetMs);
    event.put("features", featureValues);
    features.pipeInput(null, json(event), T0 + offsetMs);
  }

  /** Any prediction event (JSON fields as pqp reads them) at its {@code timestamp}; an id is added if absent. */
  public void predictEvent(Map<String, Object> event) {
    Map<String, Object> e = new LinkedHashMap<>(event);
    e.putIfAbsent("prediction_id", "p" + ids++);
    e.putIfAbsent("model_name", MODEL);
    predictions.pipeInput(null, json(e), ((Number) e.get("timestamp")).longValue());
  }

  /** A binary prediction {@code id} of {@code version} with {@code score} at event time {@code T0 + offsetMs}. */
  public void predictScore(String id, String version, long offsetMs, double score) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("prediction_id", id);
    e.put("model_version", version);
    e.put("timestamp", T0 + offsetMs);
    e.put("features", Map.of("x", 1.0));
    e.put("prediction", Map.of("score", score));
    predictEvent(e);
  }

  /** The ground truth {@code label} of prediction {@code id} at event time {@code T0 + offsetMs}. */
  public void label(String id, long offsetMs, String label) {
    truth(id, offsetMs, "label", label);
  }

  /** Any ground truth field ({@code label} or {@code value}) of prediction {@code id}. */
  public void truth(String id, long offsetMs, String field, Object value) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("prediction_id", id);
    e.put("timestamp", T0 + offsetMs);
    e.put(field, value);
    groundTruth.pipeInput(id.getBytes(java.nio.charset.StandardCharsets.UTF_8), json(e), T0 + offsetMs);
  }

  /** A ground-truth event of prediction {@code id} with any fields, at record time {@code timestampMs}. */
  public void groundTruthEvent(String id, Map<String, Object> event, long timestampMs) {
    groundTruth.pipeInput(id.getBytes(java.nio.charset.StandardCharsets.UTF_8), json(event), timestampMs);
  }

  /** Every performance record emitted so far, in order. */
  public List<KeyValue<String, dev.pqp.schema.Performance>> drainPerformance() {
    return performance.readKeyValuesToList().stream()
        .map(kv -> KeyValue.pair(kv.key, decode(() -> dev.pqp.schema.Performance.getDecoder().decode(kv.value))))
        .toList();
  }

  /** The Prometheus exposition of the fixture's registry, as {@code /metrics} serves it. */
  public Exposition scrape() {
    return Exposition.parse(registry.scrape());
  }

  /** A prediction with one numeric feature {@code x}. */
  public void predictX(String version, long offsetMs, double x) {
    predict(version, offsetMs, Map.of("x", x));
  }

  public void publish(ReferenceProfile reference) {
    references.pipeInput(reference.topicKey(), ReferenceCodec.encode(reference), T0);
  }

  public void advanceWallClock(Duration d) {
    driver.advanceWallClockTime(d);
  }

  public static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every feature-drift record emitted so far (and consumed from the topic), by feature name in order. */
  public List<KeyValue<String, FeatureDrift>> drainFeatureDrift() {
    return featureDrift.readKeyValuesToList().stream()
        .map(kv -> KeyValue.pair(kv.key, decode(() -> FeatureDrift.getDecoder().decode(kv.value))))
        .toList();
  }

  /** Every action record emitted so far, in order. */
  public List<KeyValue<String, dev.pqp.schema.Action>> drainActions() {
    return actions.readKeyValuesToList().stream()
        .map(kv -> KeyValue.pair(kv.key, decode(() -> dev.pqp.schema.Action.getDecoder().decode(kv.value))))
        .toList();
  }

  /** The latest comparison record of each key emitted so far (and consumed from the topic), as a compacted topic keeps them. */
  public Map<String, dev.pqp.schema.VersionComparison> drainComparisons() {
    Map<String, dev.pqp.schema.VersionComparison> latest = new java.util.TreeMap<>();
    comparisons.readKeyValuesToList().forEach(kv -> latest.put(kv.key,
        decode(() -> dev.pqp.schema.VersionComparison.getDecoder().decode(kv.value))));
    return latest;
  }

  public List<KeyValue<String, ModelWindow>> drainModelWindow() {
    return modelWindow.readKeyValuesToList().stream()
        .map(kv -> KeyValue.pair(kv.key, decode(() -> ModelWindow.getDecoder().decode(kv.value))))
        .toList();
  }

  public List<TestRecord<byte[], byte[]>> drainDeadLetters() {
    return deadLetter.readRecordsToList();
  }

  /** Value of the gauge {@code name} with these tags, or null when there is no such gauge. */
  public Double gauge(String name, String... tags) {
    Gauge g = registry.find(name).tags(tags).gauge();
    return g == null ? null : g.value();
  }

  public List<Meter> meters(String name) {
    return registry.find(name).meters().stream().toList();
  }

  public double counter(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private interface IoSupplier<T> {
    T get() throws IOException;
  }

  private static <T> T decode(IoSupplier<T> s) {
    try {
      return s.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      driver.close();
    }
  }
}
