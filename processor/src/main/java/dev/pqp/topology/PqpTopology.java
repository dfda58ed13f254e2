package dev.pqp.topology;

import dev.pqp.config.PqpConfig;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.EventDecoder;
import dev.pqp.ingest.EventType;
import dev.pqp.ingest.WriterSchemas;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.Topology;

/**
 * Builds pqp's {@link Topology} from the config: wiring only. Each input topic is read as bytes and
 * decoded by a {@link DecodeProcessor}; rejected records go to one dead-letter sink.
 */
public final class PqpTopology {
  static final String DEAD_LETTER_SINK = "dead-letter-sink";

  private PqpTopology() {}

  public static Topology build(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas) {
    Topology topology = new Topology();
    String[] decoders = {
      addInput(topology, config, metrics, writerSchemas, EventType.PREDICTION, config.topics().predictions()),
      addInput(topology, config, metrics, writerSchemas, EventType.FEATURES, config.topics().features()),
      addInput(topology, config, metrics, writerSchemas, EventType.GROUND_TRUTH, config.topics().groundTruth())
    };
    topology.addSink(DEAD_LETTER_SINK, config.topics().deadLetter(),
        new ByteArraySerializer(), new ByteArraySerializer(), decoders);
    return topology;
  }

  private static String addInput(Topology topology, PqpConfig config, PipelineMetrics metrics,
      WriterSchemas writerSchemas, EventType type, String topic) {
    String source = type.label() + "-source";
    String decode = type.label() + "-decode";
    topology.addSource(source, new ByteArrayDeserializer(), new ByteArrayDeserializer(), topic);
    topology.addProcessor(decode,
        () -> new DecodeProcessor(() -> new EventDecoder(type, config.limits(), writerSchemas), metrics, null, DEAD_LETTER_SINK),
        source);
    return decode;
  }
}
