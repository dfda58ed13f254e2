package dev.pqp.bench;

import dev.pqp.schema.PredictionEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * The benchmark's input: plain JSON prediction events as a serving stack logs them, 20 features each
 * (14 numeric: 9 floats at full precision and 5 whole numbers; 4 categorical, 2 boolean), model {@value #MODEL}
 * versions v1 and v2, the serving fields {@code latency_ms} and {@code status} (one in 1,000 an error), written
 * and batched in an {@link EventShape}: by default as Python's {@code json.dumps} writes them, about 870 bytes,
 * sent in lz4 batches (about 350 bytes per event in the broker's log).
 * Event times rise evenly over {@code windows} windows of {@code windowMs}, with up to 500 ms of jitter
 * backwards, so that windows close while the input is read. Deterministic for a seed. The same events can
 * also be published as Avro ({@code PredictionEvent}, single-object encoding) on a second topic.
 *
 * <p>With a labels topic, both topics are keyed by prediction_id and partitioned as the producer's default
 * partitioner does (so that they are co-partitioned), and every prediction gets one label (about 60
 * bytes): positive with the probability of its score, {@value #LATE_PERCENT}% late (2 to 10 minutes after
 * the prediction), the others 1 to 30 s after it.
 */
public final class BenchEvents {
  public static final String MODEL = "bench-model";
  static final int LATE_PERCENT = 20;
  private static final String[] NUMERIC = {"age", "income", "credit_score", "account_age_days", "txn_count_30d",
    "avg_txn_amount", "balance", "debt_to_income", "utilization", "days_since_login", "session_seconds",
    "page_views", "distance_km", "device_risk"};
  private static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "ES", "IT", "NL", "SE", "PL", "BR", "MX", "CA",
    "AU", "JP", "IN", "SG", "ZA", "IE", "PT", "NO"};
  private static final String[] DEVICES = {"mobile_ios", "mobile_android", "desktop_web", "tablet"};
  private static final String[] CHANNELS = {"organic_search", "paid_search", "email_campaign", "referral", "direct"};
  private static final String[] PRODUCTS = {"electronics", "groceries", "fashion_apparel", "home_garden", "toys_games",
    "sports_outdoors", "books_media", "health_beauty", "automotive", "jewelry", "travel", "digital_goods"};

  private final long n;
  private final long startMs;
  private final long spanMs;
  private final long seed;
  private final EventShape shape;
  private final JsonText text;
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
  private double lastScore;

  /** {@code n} events from {@code startMs} over {@code windows * windowMs}, as Python writes them. */
  public BenchEvents(long n, long startMs, int windows, long windowMs, long seed) {
    this(n, startMs, windows, windowMs, seed, EventShape.PYTHON);
  }

  /** {@code n} events from {@code startMs} over {@code windows * windowMs}, written and batched in {@code shape}. */
  public BenchEvents(long n, long startMs, int windows, long windowMs, long seed, EventShape shape) {
    this.n = n;
    this.startMs = startMs;
    this.spanMs = windows * windowMs;
    this.seed = seed;
    this.shape = shape;
    this.text = new JsonText(shape);
  }

  /** Event time of event {@code i}. */
  long timestampMs(long i, SplittableRandom r) {
    return startMs + (long) ((double) i * spanMs / n) - r.nextLong(500);
  }

  String predictionId(long i) {
    return new java.util.UUID(seed ^ i * 0x9E3779B97F4A7C15L, i).toString();
  }

  /** The values of one event, drawn once so that its JSON and its Avro carry the same. */
  record Drawn(String id, String version, long ts, Map<String, Object> features, double score, double latencyMs,
      String status, String route) {
    String label() {
      return score >= 0.5 ? "fraud" : "legit";
    }
  }

  /** Draws event {@code i} with the given event time. */
  Drawn draw(long i, long ts, SplittableRandom r) {
    String version = r.nextInt(10) < 7 ? "v1" : "v2";
    Map<String, Object> features = new LinkedHashMap<>(32);
    for (int f = 0; f < NUMERIC.length; f++) {
      double u = r.nextDouble();
      // integer-valued, or at full precision, as Python's json and most serializers write a float64 (up to
      // 17 digits): the JDK parses these on its slow path, which short decimals never reach
      features.put(NUMERIC[f], f % 3 == 0 ? (Object) (long) (u * u * (f + 1) * 200) : (Object) (u * u * (f + 1) * 100));
    }
    features.put("country", COUNTRIES[(int) (Math.abs(r.nextGaussian()) * 5) % COUNTRIES.length]);
    features.put("device_type", DEVICES[r.nextInt(DEVICES.length)]);
    features.put("acquisition_channel", CHANNELS[r.nextInt(CHANNELS.length)]);
    features.put("product_category", PRODUCTS[r.nextInt(PRODUCTS.length)]);
    features.put("is_returning_customer", r.nextInt(3) > 0);
    features.put("has_two_factor_auth", r.nextInt(5) > 0);
    double score = r.nextDouble();
    lastScore = score;
    double latency = Math.round(r.nextDouble() * 4000) / 100.0;
    String status = r.nextInt(1000) == 0 ? "error" : "success";
    String route = r.nextInt(10) == 0 ? "canary" : "primary";
    return new Drawn(predictionId(i), version, ts, features, score, latency, status, route);
  }

  /** The JSON of event {@code i}, with the given event time. */
  byte[] event(long i, long ts, SplittableRandom r) {
    return json(draw(i, ts, r));
  }

  /** An event as JSON in this bench's shape, the fields in the order a serving stack's logger writes them. */
  byte[] json(Drawn d) {
    return text.write(tree(d));
  }

  /** An event as the object a serving stack hands to its JSON writer ({@code json.dumps(event)}). */
  static Map<String, Object> tree(Drawn d) {
    Map<String, Object> e = new LinkedHashMap<>(16);
    e.put("prediction_id", d.id());
    e.put("model_name", MODEL);
    e.put("model_version", d.version());
    e.put("timestamp", d.ts());
    e.put("features", d.features());
    Map<String, Object> prediction = new LinkedHashMap<>(4);
    prediction.put("score", d.score());
    prediction.put("label", d.label());
    e.put("prediction", prediction);
    e.put("latency_ms", d.latencyMs());
    e.put("status", d.status());
    e.put("route", d.route());
    return e;
  }

  /**
   * An event as pqp's {@code PredictionEvent} in Avro single-object encoding ({@code 0xC3 0x01}, the schema's
   * fingerprint, the datum), which pqp reads without a registry.
   */
  byte[] avro(Drawn d) {
    PredictionEvent e = PredictionEvent.newBuilder().setPredictionId(d.id()).setModelName(MODEL)
        .setModelVersion(d.version()).setTimestamp(d.ts()).setFeatures(d.features())
        .setPrediction(dev.pqp.schema.Prediction.newBuilder().setScore(d.score()).setLabel(d.label()).build())
        .setLatencyMs(d.latencyMs()).setStatus(d.status()).setRoute(d.route()).build();
    buf.reset();
    try {
      PredictionEvent.getEncoder().encode(e, buf);
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
    return buf.toByteArray();
  }

  /** The label of the prediction last generated, {@code id}, at its time {@code predictionMs} plus a delay. */
  ProducerRecord<byte[], byte[]> label(String topic, int partition, byte[] key, String id, long predictionMs,
      SplittableRandom r) {
    boolean positive = r.nextDouble() < lastScore;
    long delay = r.nextInt(100) < LATE_PERCENT ? 120_000 + r.nextLong(480_000) : 1_000 + r.nextLong(29_000);
    long ts = predictionMs + delay;
    Map<String, Object> label = new LinkedHashMap<>(4);
    label.put("prediction_id", id);
    label.put("timestamp", ts);
    label.put("label", positive ? "fraud" : "legit");
    return new ProducerRecord<>(topic, partition, ts, key, text.write(label));
  }

  /**
   * What publishing took: the predictions as JSON in {@code shape}, the same as Avro (none without the Avro topic),
   * the labels (none without the labels topic), and the seconds it took.
   */
  public record Published(EventShape shape, Written json, Written avro, Written labels, double seconds) {
    public long events() {
      return json.records();
    }
  }

  /** {@code records} of {@code valueBytes} in all, taking {@code logBytes} in the broker's log (batched, compressed). */
  public record Written(long records, long valueBytes, long logBytes) {
    public double bytesPerRecord() {
      return (double) valueBytes / records;
    }

    public double logBytesPerRecord() {
      return (double) logBytes / records;
    }
  }

  /** {@link #publish(String, String, int, String, String)} without the Avro topic. */
  public Published publish(String bootstrapServers, String topic, int partitions, String labelsTopic)
      throws Exception {
    return publish(bootstrapServers, topic, partitions, labelsTopic, null);
  }

  /**
   * Generates the events and publishes them with an idempotent producer: round robin over the partitions
   * with {@code labelsTopic} null, else keyed by prediction_id, each with its label on {@code labelsTopic}; with
   * {@code avroTopic}, each event also as Avro on that topic, with the same key, partition and timestamp.
   */
  public Published publish(String bootstrapServers, String topic, int partitions, String labelsTopic, String avroTopic)
      throws Exception {
    long t0 = System.nanoTime();
    long[] bytes = new long[3]; // JSON, Avro, labels
    SplittableRandom r = new SplittableRandom(seed);
    SplittableRandom labels = new SplittableRandom(seed + 1); // apart, so that the predictions stay the same
    boolean[] warm = new boolean[partitions];
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrapServers),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < n && failed.get() == null; i++) {
        List<ProducerRecord<byte[], byte[]>> out = records(i, r, labels, topic, partitions, labelsTopic, avroTopic, bytes);
        int partition = out.get(0).partition();
        if (!warm[partition]) {
          // one at a time until every partition took a record: a new topic's partitions answer
          // NOT_LEADER for a moment, and retried batches in flight together can break the idempotent sequence
          warm[partition] = true;
          for (ProducerRecord<byte[], byte[]> rec : out) {
            producer.send(rec).get();
          }
          continue;
        }
        for (ProducerRecord<byte[], byte[]> rec : out) {
          producer.send(rec, (md, e) -> {
            if (e != null) {
              failed.compareAndSet(null, e);
            }
          });
        }
      }
      producer.flush();
    }
    if (failed.get() != null) {
      throw new IllegalStateException("publishing the benchmark input failed", failed.get());
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Published(shape, new Written(n, bytes[0], LogSize.of(bootstrapServers, topic)),
        written(avroTopic, bytes[1], bootstrapServers), written(labelsTopic, bytes[2], bootstrapServers), seconds);
  }

  private Written written(String topic, long bytes, String bootstrapServers) throws Exception {
    return topic == null ? new Written(0, 0, 0) : new Written(n, bytes, LogSize.of(bootstrapServers, topic));
  }

  /** The records of event {@code i}: its JSON, then its label and its Avro where asked; adds their sizes to {@code bytes}. */
  private List<ProducerRecord<byte[], byte[]>> records(long i, SplittableRandom r, SplittableRandom labels, String topic,
      int partitions, String labelsTopic, String avroTopic, long[] bytes) {
    Drawn d = draw(i, timestampMs(i, r), r);
    String id = d.id();
    byte[] key = labelsTopic == null ? Long.toHexString(i * 0x9E3779B97F4A7C15L).getBytes(StandardCharsets.UTF_8)
        : id.getBytes(StandardCharsets.UTF_8);
    int partition = labelsTopic == null ? (int) (i % partitions) : Utils.toPositive(Utils.murmur2(key)) % partitions;
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(3);
    byte[] value = json(d);
    bytes[0] += value.length;
    out.add(new ProducerRecord<>(topic, partition, d.ts(), key, value));
    if (avroTopic != null) {
      byte[] avro = avro(d);
      bytes[1] += avro.length;
      out.add(new ProducerRecord<>(avroTopic, partition, d.ts(), key, avro));
    }
    if (labelsTopic != null) {
      ProducerRecord<byte[], byte[]> label = label(labelsTopic, partition, key, id, d.ts(), labels);
      bytes[2] += label.value().length;
      out.add(label);
    }
    return out;
  }

  private Map<String, Object> producerConfig(String bootstrapServers) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    shape.configure(p); // compression, linger, batch size
    // a loaded machine may hold batches long: a batch expiring would break the idempotent sequence
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
    return p;
  }
}
