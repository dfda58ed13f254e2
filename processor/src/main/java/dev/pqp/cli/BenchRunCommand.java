package dev.pqp.cli;

import dev.pqp.bench.BaselineRun;
import dev.pqp.bench.ChildRun;
import dev.pqp.bench.FreshnessRun;
import dev.pqp.bench.PqpRun;
import dev.pqp.bench.RestoreRun;
import dev.pqp.bench.StreamsFloorRun;
import dev.pqp.config.ConfigException;
import dev.pqp.config.ConfigLoader;
import dev.pqp.config.PqpConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pqp bench-run} (hidden): one system of {@code pqp bench}, in a process of its own. */
@Command(name = "bench-run", hidden = true, description = "one run of pqp bench in its own JVM (started by pqp bench)")
final class BenchRunCommand implements Callable<Integer> {
  @Option(names = "--system", required = true, description = "baseline, pqp, floor, restore or live")
  String system;

  @Option(names = "--events", required = true)
  long events;

  @Option(names = "--labels", defaultValue = "0")
  long labels;

  @Option(names = "--set", paramLabel = "KEY=VALUE")
  Map<String, String> settings = new LinkedHashMap<>();

  @Override
  public Integer call() throws Exception {
    PqpConfig config = ConfigLoader.load(null, Map.of(), settings);
    Object r = switch (system) {
      case "baseline" -> BaselineRun.run(config.bootstrapServers(), config.topics().predictions(), events, config);
      case "pqp" -> PqpRun.run(config, events, labels);
      case "floor" -> StreamsFloorRun.run(config, events, labels);
      case "restore" -> RestoreRun.run(config);
      case "live" -> {
        FreshnessRun.serve(config);
        yield null;
      }
      default -> throw new ConfigException("--system must be baseline, pqp, floor, restore or live, not '" + system + "'");
    };
    if (r != null) {
      System.out.println(ChildRun.RESULT + ChildRun.jsonOf(r));
    }
    return 0;
  }
}
