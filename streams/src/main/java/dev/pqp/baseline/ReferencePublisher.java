package dev.pqp.baseline;

import dev.pqp.reference.ReferenceCodec;
import dev.pqp.reference.ReferenceProfile;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes a reference to the compacted reference topic under {@code model/version} (or {@code model/*}). */
public final class ReferencePublisher {
  private ReferencePublisher() {}

  /** Sends and waits for the acknowledgement; returns the offset written. */
  public static long publish(String bootstrapServers, String topic, ReferenceProfile reference)
      throws InterruptedException, ExecutionException {
    return publish(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, reference).offset();
  }

  /**
   * Sends with {@code clientProperties} (bootstrap servers plus any security settings) and waits for the
   * acknowledgement; returns where the record was written.
   */
  public static RecordMetadata publish(Map<String, Object> clientProperties, String topic, ReferenceProfile reference)
      throws InterruptedException, ExecutionException {
    Map<String, Object> p = new HashMap<>(clientProperties);
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 << 20);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, reference.topicKey(), ReferenceCodec.encode(reference))).get();
    }
  }
}
