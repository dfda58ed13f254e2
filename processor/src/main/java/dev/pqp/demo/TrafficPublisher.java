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

  public TrafficPublisher(String bootstrapServers, String predictionsTopic, String groundTruthTopic) {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.predictionsTopic = predictionsTopic;
    this.groundTruthTopic = groundTruthTopic;
  }

  public void send(List<TrafficGenerator.Out> records) {
    for (TrafficGenerator.Out o : records) {
      String topic = o.kind() == TrafficGenerator.Kind.PREDICTION ? predictionsTopic : groundTruthTopic;
      producer.send(new ProducerRecord<>(topic, null, o.timestampMs(), o.key(), o.value()));
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

  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
