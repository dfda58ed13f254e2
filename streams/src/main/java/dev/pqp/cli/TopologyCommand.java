package dev.pqp.cli;

import dev.pqp.config.PqpConfig;
import dev.pqp.export.PipelineMetrics;
import dev.pqp.ingest.WriterSchemas;
import dev.pqp.topology.PqpTopology;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code pqp topology}: the Kafka Streams topology the settings build, as Kafka Streams describes it. */
@Command(name = "topology", mixinStandardHelpOptions = true,
    description = {"Print the Kafka Streams topology that pqp run would build with these settings: sub-topologies,",
      "processors, state stores and repartition topics (TopologyDescription). Needs no Kafka."})
final class TopologyCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Override
  public Integer call() {
    PqpConfig config = options.load();
    System.out.print(PqpTopology.build(config, new PipelineMetrics(new SimpleMeterRegistry()), WriterSchemas.NONE)
        .describe());
    return 0;
  }
}
