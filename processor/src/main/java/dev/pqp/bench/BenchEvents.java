package dev.pqp.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
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
 * backwards, so that windows close while the input is read. Deterministic for a seed.
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

  /** The JSON of event {@code i}, with the given event time. */
  byte[] event(long i, long ts, SplittableRandom r) {
    buf.reset();
    try (JsonGenerator g = JSON.createGenerator(buf)) {
      g.writeStartObject();
      g.writeStringField("prediction_id", predictionId(i));
      g.writeStringField("model_name", MODEL);
      g.writeStringField("model_version", r.nextInt(10) < 7 ? "v1" : "v2");
      g.writeNumberField("timestamp", ts);
      g.writeObjectFieldStart("features");
      for (int f = 0; f < NUMERIC.length; f++) {
        double u = r.nextDouble();
        if (f % 3 == 0) {
          g.writeNumberField(NUMERIC[f], (long) (u * u * (f + 1) * 200)); // integer-valued
        } else {
          // full precision, as Python's json and most serializers write a float64 (up to 17 digits): the
          // JDK parses these on its slow path, which short decimals never reach
          g.writeNumberField(NUMERIC[f], u * u * (f + 1) * 100);
        }
      }
      g.writeStringField("country", COUNTRIES[(int) (Math.abs(r.nextGaussian()) * 5) % COUNTRIES.length]);
      g.writeStringField("device_type", DEVICES[r.nextInt(DEVICES.length)]);
      g.writeStringField("acquisition_channel", CHANNELS[r.nextInt(CHANNELS.length)]);
      g.writeStringField("product_category", PRODUCTS[r.nextInt(PRODUCTS.length)]);
      g.writeBooleanField("is_returning_customer", r.nextInt(3) > 0);
      g.writeBooleanField("has_two_factor_auth", r.nextInt(5) > 0);
      g.writeEndObject();
      double score = r.nextDouble();
      lastScore = score;
      g.writeObjectFieldStart("prediction");
      g.writeNumberField("score", score);
      g.writeStringField("label", score >= 0.5 ? "fraud" : "legit");
      g.writeEndObject();
      g.writeNumberField("latency_ms", Math.round(r.nextDouble() * 4000) / 100.0);
      g.writeStringField("status", r.nextInt(1000) == 0 ? "error" : "success");
      g.writeStringField("route", r.nextInt(10) == 0 ? "canary" : "primary");
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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

  /** What publishing took: {@code events} predictions of {@code bytes}, {@code labels} labels of {@code labelBytes}. */
  public record Published(long events, long bytes, long labels, long labelBytes, double seconds) {}

  /**
   * Generates the events and publishes them with an idempotent producer: round robin over the partitions
   * with {@code labelsTopic} null, else keyed by prediction_id, each with its label on {@code labelsTopic}.
   */
  public Published publish(String bootstrapServers, String topic, int partitions, String labelsTopic)
      throws Exception {
    long t0 = System.nanoTime();
    long bytes = 0;
    long labelBytes = 0;
    SplittableRandom r = new SplittableRandom(seed);
    SplittableRandom labels = new SplittableRandom(seed + 1); // apart, so that the predictions stay the same
    boolean[] warm = new boolean[partitions];
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(bootstrapServers),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < n && failed.get() == null; i++) {
        long ts = timestampMs(i, r);
        byte[] value = event(i, ts, r);
        bytes += value.length;
        String id = predictionId(i);
        byte[] key = labelsTopic == null ? Long.toHexString(i * 0x9E3779B97F4A7C15L).getBytes(StandardCharsets.UTF_8)
            : id.getBytes(StandardCharsets.UTF_8);
        int partition = labelsTopic == null ? (int) (i % partitions) : Utils.toPositive(Utils.murmur2(key)) % partitions;
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(2);
        out.add(new ProducerRecord<>(topic, partition, ts, key, value));
        if (labelsTopic != null) {
          out.add(label(labelsTopic, partition, key, id, ts, labels));
          labelBytes += out.get(1).value().length;
        }
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
    return new Published(n, bytes, labelsTopic == null ? 0 : n, labelBytes, (System.nanoTime() - t0) / 1e9);
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
