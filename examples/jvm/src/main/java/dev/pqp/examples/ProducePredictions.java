package dev.pqp.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes prediction events to pqp, then their ground-truth labels and business outcomes: what a JVM model server
 * copies. One JSON event per prediction on {@code ml.predictions}, keyed by its {@code prediction_id}; later, when the
 * truth is known, one event on {@code ml.ground-truth} keyed by the same {@code prediction_id} with the true label, and
 * events with the business outcomes it led to (a click, a conversion and what it was worth) in their {@code outcomes}
 * map. The contract of these events is docs/integrating.md. Here the model is a toy and the truth is made up; in
 * production the labels and outcomes come from other systems, hours or days later, through the same producer code.
 *
 * <p>It prints what it sent as one JSON line and exits with 1 if any record was not delivered. Needs kafka-clients and
 * jackson-databind only:
 *
 * <pre>java -cp pqp-examples.jar dev.pqp.examples.ProducePredictions --bootstrap-servers localhost:9092 --count 1000 --label-delay 5</pre>
 */
public final class ProducePredictions {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USAGE = "usage: ProducePredictions [--bootstrap-servers localhost:9092]"
      + " [--predictions-topic ml.predictions] [--ground-truth-topic ml.ground-truth] [--model-name claims-risk]"
      + " [--model-version v2] [--count 1000] [--label-delay SECONDS (5)]";
  private static final Map<String, String> DEFAULTS = Map.of("--bootstrap-servers", "localhost:9092",
      "--predictions-topic", "ml.predictions", "--ground-truth-topic", "ml.ground-truth",
      "--model-name", "claims-risk", "--model-version", "v2", "--count", "1000", "--label-delay", "5");

  private final Map<String, String> options;
  private final KafkaProducer<String, String> producer;
  private final Random random = new Random();
  private final AtomicLong failed = new AtomicLong();
  /** What the broker did not acknowledge, counted as the acknowledgements come (on the producer's thread). */
  private final Callback onDelivery = (metadata, e) -> {
    if (e != null) {
      failed.incrementAndGet();
      System.err.println("not delivered: " + e);
    }
  };
  private int clicks;
  private int conversions;

  private ProducePredictions(Map<String, String> options) {
    this.options = options;
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.get("--bootstrap-servers"));
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // no duplicates or reordering when the client retries
    config.put(ProducerConfig.ACKS_CONFIG, "all"); // what idempotence requires: every in-sync replica has the record
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 20); // batches for 20 ms: far fewer requests, no latency that shows
    config.put(ProducerConfig.CLIENT_ID_CONFIG,
        "model-server-" + options.get("--model-name") + "-" + options.get("--model-version"));
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
  }

  /** A prediction the server answered: its id and the probability it gave the positive class ("1"). */
  private record Served(String predictionId, double score) {}

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    if (options == null) {
      System.err.println(USAGE);
      System.exit(2);
    }
    ProducePredictions example = new ProducePredictions(options);
    List<Served> served;
    try (KafkaProducer<String, String> producer = example.producer) {
      served = example.predictions();
      Thread.sleep((long) (Double.parseDouble(options.get("--label-delay")) * 1000));
      example.truths(served);
      producer.flush(); // waits for every acknowledgement
    }
    long failed = example.failed.get();
    System.out.println(example.summary(served.size(), failed));
    System.exit(failed == 0 ? 0 : 1);
  }

  /** What it sent, as one JSON line: predictions, labels (one each), outcomes by name and undelivered records. */
  private String summary(int predictions, long failed) throws JsonProcessingException {
    Map<String, Object> outcomes = new LinkedHashMap<>();
    outcomes.put("click", clicks);
    outcomes.put("conversion", conversions);
    Map<String, Object> sent = new LinkedHashMap<>();
    sent.put("predictions", predictions);
    sent.put("labels", predictions);
    sent.put("outcomes", outcomes);
    sent.put("failed", failed);
    return JSON.writeValueAsString(sent);
  }

  /** 1. One event per prediction, as the model server answers. */
  private List<Served> predictions() throws JsonProcessingException {
    int count = Integer.parseInt(options.get("--count"));
    String version = options.get("--model-version");
    List<Served> served = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String predictionId = UUID.randomUUID().toString();
      long started = System.nanoTime();
      Map<String, Object> features = features();
      double score = score(features);
      Map<String, Object> event = new LinkedHashMap<>();
      event.put("prediction_id", predictionId);
      event.put("model_name", options.get("--model-name"));
      event.put("model_version", version);
      event.put("timestamp", System.currentTimeMillis()); // event time, epoch milliseconds
      event.put("features", features);
      event.put("prediction", Map.of("score", score, "label", score >= 0.5 ? "1" : "0"));
      event.put("latency_ms", (System.nanoTime() - started) / 1e6); // the time the model took
      event.put("status", "success");
      event.put("route", "/" + version + "/score");
      send(options.get("--predictions-topic"), event);
      served.add(new Served(predictionId, score));
    }
    producer.flush();
    return served;
  }

  /** 2. Later, the truth: a label per prediction, and an event per business outcome when it happens. */
  private void truths(List<Served> served) throws JsonProcessingException {
    String topic = options.get("--ground-truth-topic");
    for (Served s : served) {
      send(topic, truth(s.predictionId(), "label", random.nextDouble() < s.score() ? "1" : "0"));
      if (random.nextDouble() < 0.3) { // the customer clicked: an outcome worth 1
        send(topic, truth(s.predictionId(), "outcomes", Map.of("click", 1)));
        clicks++;
        if (random.nextDouble() < 0.3) { // and bought: the outcome's value is the amount
          double amount = Math.round((10 + 90 * random.nextDouble()) * 100) / 100.0;
          send(topic, truth(s.predictionId(), "outcomes", Map.of("conversion", amount)));
          conversions++;
        }
      }
    }
  }

  private static Map<String, Object> truth(String predictionId, String field, Object value) {
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("prediction_id", predictionId);
    event.put("timestamp", System.currentTimeMillis());
    event.put(field, value);
    return event;
  }

  /** Key = prediction_id, so that a prediction and everything that comes for it share a partition. */
  private void send(String topic, Map<String, Object> event) throws JsonProcessingException {
    String key = (String) event.get("prediction_id");
    producer.send(new ProducerRecord<>(topic, key, JSON.writeValueAsString(event)), onDelivery);
  }

  /** A toy binary model's inputs. */
  private Map<String, Object> features() {
    Map<String, Object> f = new LinkedHashMap<>();
    // a missing value: null (or leave the feature out)
    f.put("income", random.nextDouble() < 0.05 ? null : Math.round(Math.exp(10.8 + 0.4 * random.nextGaussian())));
    f.put("age", 18 + random.nextInt(63));
    f.put("policy_type", List.of("basic", "plus", "premium").get(random.nextInt(3)));
    f.put("has_prior_claims", random.nextDouble() < 0.2);
    return f;
  }

  /** The toy model: the probability of the positive class. */
  private static double score(Map<String, Object> f) {
    double z = -1.0 + 0.03 * ((Integer) f.get("age") - 45) + ((Boolean) f.get("has_prior_claims") ? 1.5 : 0.0);
    return 1.0 / (1.0 + Math.exp(-z));
  }

  /** {@code --name value} pairs over {@link #DEFAULTS}; null on anything else. */
  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>(DEFAULTS);
    for (int i = 0; i < args.length; i += 2) {
      if (!options.containsKey(args[i]) || i + 1 == args.length) {
        return null;
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }
}
