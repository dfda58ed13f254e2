package dev.pqp.demo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes generated records to the prediction and ground-truth topics with an idempotent producer. */
public final class TrafficPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String predictionsTopic;
  private final String groundTruthTopic;
  private long sent;
  private long bad;
  private final java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
  private volatile Exception firstFailure;

  public TrafficPublisher(String bootstrapServers, String predictionsTopic, String groundTruthTopic) {
    this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), predictionsTopic, groundTruthTopic);
  }

  /**
   * A publisher whose producer gets {@code client}: the bootstrap servers and any producer property (security,
   * timeouts), which override the defaults here.
   */
  public TrafficPublisher(Map<String, Object> client, String predictionsTopic, String groundTruthTopic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    // One request in flight per partition: on a broker whose partitions were created a moment ago the first
    // sends meet NOT_LEADER_OR_FOLLOWER, and with five in flight the retried batches then met
    // OUT_OF_ORDER_SEQUENCE_NUMBER for minutes (seen in BaselineIntegrationTest on a fresh broker).
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    p.putAll(client);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.predictionsTopic = predictionsTopic;
    this.groundTruthTopic = groundTruthTopic;
  }

  public void send(List<TrafficGenerator.Out> records) {
    for (TrafficGenerator.Out o : records) {
      String topic = o.kind() == TrafficGenerator.Kind.PREDICTION ? predictionsTopic : groundTruthTopic;
      producer.send(new ProducerRecord<>(topic, null, o.timestampMs(), o.key(), o.value()), (meta, e) -> {
        if (e != null) {
          failed.incrementAndGet(); // never silently: produce-sample reports it and exits non-zero
          if (firstFailure == null) {
            firstFailure = e;
          }
        }
      });
      sent++;
      if (o.bad()) {
        bad++;
      }
    }
  }

  public long sent() {
    return sent;
  }

  public long bad() {
    return bad;
  }

  /** Records the broker did not acknowledge (known after {@link #flush()}). */
  public long failed() {
    return failed.get();
  }

  public Exception firstFailure() {
    return firstFailure;
  }

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
