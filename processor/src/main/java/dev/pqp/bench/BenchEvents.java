package dev.pqp.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
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
 * (14 numeric, 4 categorical, 2 boolean), model {@value #MODEL} versions v1 and v2, about 690 bytes.
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
  private static final JsonFactory JSON = new JsonFactory();
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
  private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
  private double lastScore;

  /** {@code n} events from {@code startMs} over {@code windows * windowMs}. */
  public BenchEvents(long n, long startMs, int windows, long windowMs, long seed) {
    this.n = n;
    this.startMs = startMs;
    this.spanMs = windows * windowMs;
    this.seed = seed;
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

  /** An event as JSON, the fields in the order a serving stack's logger writes them. */
  byte[] json(Drawn d) {
    buf.reset();
    try (JsonGenerator g = JSON.createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringField("prediction_id", d.id());
      g.writeStringField("model_name", MODEL);
      g.writeStringField("model_version", d.version());
      g.writeNumberField("timestamp", d.ts());
      g.writeObjectFieldStart("features");
      for (Map.Entry<String, Object> f : d.features().entrySet()) {
        if (f.getValue() instanceof Long v) {
          g.writeNumberField(f.getKey(), v);
        } else if (f.getValue() instanceof Double v) {
          g.writeNumberField(f.getKey(), v);
        } else if (f.getValue() instanceof Boolean v) {
          g.writeBooleanField(f.getKey(), v);
        } else {
          g.writeStringField(f.getKey(), (String) f.getValue());
        }
      }
      g.writeEndObject();
      g.writeObjectFieldStart("prediction");
      g.writeNumberField("score", d.score());
      g.writeStringField("label", d.label());
      g.writeEndObject();
      g.writeNumberField("latency_ms", d.latencyMs());
      g.writeStringField("status", d.status());
      g.writeStringField("route", d.route());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
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
    buf.reset();
    try (JsonGenerator g = JSON.createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringField("prediction_id", id);
      g.writeNumberField("timestamp", ts);
      g.writeStringField("label", positive ? "fraud" : "legit");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ProducerRecord<>(topic, partition, ts, key, buf.toByteArray());
  }

  /**
   * What publishing took: {@code events} predictions of {@code bytes} (JSON), the same as Avro of {@code avroBytes}
   * (0 without the Avro topic), {@code labels} labels of {@code labelBytes}.
   */
  public record Published(long events, long bytes, long avroBytes, long labels, long labelBytes, double seconds) {}

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
    return new Published(n, bytes[0], bytes[1], labelsTopic == null ? 0 : n, bytes[2], (System.nanoTime() - t0) / 1e9);
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

  private static Map<String, Object> producerConfig(String bootstrapServers) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    // a loaded machine may hold batches long: a batch expiring would break the idempotent sequence
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 120_000);
    return p;
  }
}
