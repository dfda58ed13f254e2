package dev.pqp.topology;

import dev.pqp.config.PqpConfig;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.WriterSchemas;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/** The one place where topology tests build pqp's topology, so a change of its signature touches one line. */
final class TestTopologies {
  private TestTopologies() {}

  static Topology build(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas) {
    return PqpTopology.build(config, metrics, writerSchemas);
  }

  /** A config of defaults plus {@code settings}; no broker is needed for the test driver. */
  static PqpConfig config(Map<String, String> settings) {
    return PqpConfig.from(settings);
  }

  /** A driver over pqp's topology whose wall clock starts at {@code now}. */
  static TopologyTestDriver driver(PqpConfig config, PipelineMetrics metrics, WriterSchemas writerSchemas, Instant now) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "pqp-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    return new TopologyTestDriver(build(config, metrics, writerSchemas), props, now);
  }
}
